package experiment

import (
	"errors"
	"fmt"
	"math"
)

// Group is one row of a logistic regression's data, with its weight: N
// units share the features X, and Y of them converted. The benchmark
// passes one Group per distinct set of micro-conversions, so the fit costs
// the number of distinct sets, not the number of users.
type Group struct {
	X    []float64
	N, Y float64
}

// Coef is one fitted coefficient: Beta on the log-odds scale with its
// standard error and 95% interval, and the same as an odds ratio.
type Coef struct {
	Beta, SE, Low, High float64
	OddsRatio           float64
	ORLow, ORHigh       float64
}

// Fit is a fitted logistic regression.
type Fit struct {
	Intercept  Coef
	Coefs      []Coef // one per feature
	Iterations int
	// Lambda is the L2 penalty on the feature coefficients (not on the
	// intercept).
	Lambda float64
}

// maxIterations bounds the Newton steps of Logistic; a well-posed fit of a
// few dozen binary features converges in under ten.
const maxIterations = 100

// Logistic fits P(converted) = 1/(1+exp(-(b0 + b.x))) to the groups by
// Newton's method (iteratively reweighted least squares) on the
// log-likelihood minus lambda/2 times the sum of the squared feature
// coefficients. The penalty keeps the fit finite when a feature perfectly
// separates converters (every user with it converted) and shrinks the
// weights of features seen on few units; at the sizes of a GA4 export it
// barely moves the others.
//
// Intervals come from the inverse of the penalised Hessian at the optimum
// (the usual normal approximation; with a penalty it is the curvature of
// the penalised objective, slightly narrower than the unpenalised one).
func Logistic(groups []Group, features int, lambda float64) (*Fit, error) {
	if features < 0 || lambda < 0 || math.IsNaN(lambda) {
		return nil, fmt.Errorf("logistic: %d features, lambda %g", features, lambda)
	}
	var total float64
	for i, g := range groups {
		if len(g.X) != features {
			return nil, fmt.Errorf("logistic: group %d has %d features, want %d", i, len(g.X), features)
		}
		if g.N < 0 || g.Y < 0 || g.Y > g.N {
			return nil, fmt.Errorf("logistic: group %d has %g converted out of %g", i, g.Y, g.N)
		}
		total += g.N
	}
	if total == 0 {
		return nil, errors.New("logistic: no units to fit")
	}
	d := features + 1
	beta := make([]float64, d)
	h := make([]float64, d*d)
	g := make([]float64, d)
	x := make([]float64, d)
	x[0] = 1
	objective := func(b []float64) float64 {
		var ll float64
		for _, gr := range groups {
			copy(x[1:], gr.X)
			eta := dot(b, x)
			// log(1+exp(eta)) without overflow
			ll += gr.Y*eta - gr.N*softplus(eta)
		}
		for j := 1; j < d; j++ {
			ll -= lambda / 2 * b[j] * b[j]
		}
		return ll
	}
	cur := objective(beta)
	fit := &Fit{Lambda: lambda}
	for it := 1; ; it++ {
		clear(h)
		clear(g)
		for _, gr := range groups {
			if gr.N == 0 {
				continue
			}
			copy(x[1:], gr.X)
			mu := sigmoid(dot(beta, x))
			w := gr.N * mu * (1 - mu)
			r := gr.Y - gr.N*mu
			for j := range d {
				g[j] += r * x[j]
				if x[j] == 0 {
					continue
				}
				for k := j; k < d; k++ {
					h[j*d+k] += w * x[j] * x[k]
				}
			}
		}
		for j := 1; j < d; j++ {
			g[j] -= lambda * beta[j]
			h[j*d+j] += lambda
		}
		for j := range d {
			for k := 0; k < j; k++ {
				h[j*d+k] = h[k*d+j]
			}
		}
		step, err := solve(h, g, d)
		if err != nil {
			return nil, fmt.Errorf("logistic: %w (a feature that no unit has, or features that always come together, need lambda > 0)", err)
		}
		// Halve the step until the objective does not get worse.
		next := make([]float64, d)
		t := 1.0
		var val float64
		for range 40 {
			for j := range d {
				next[j] = beta[j] + t*step[j]
			}
			if val = objective(next); val >= cur-1e-12*math.Abs(cur) {
				break
			}
			t /= 2
		}
		var biggest float64
		for j := range d {
			biggest = max(biggest, math.Abs(next[j]-beta[j]))
		}
		beta, cur = next, val
		fit.Iterations = it
		if biggest < 1e-9 {
			break
		}
		if it == maxIterations {
			return nil, fmt.Errorf("logistic: no convergence after %d Newton steps (largest step %g)", it, biggest)
		}
	}
	// Covariance: the inverse Hessian at the optimum.
	cov, err := invert(hessian(groups, beta, lambda, d), d)
	if err != nil {
		return nil, fmt.Errorf("logistic: %w", err)
	}
	coef := func(j int) Coef {
		se := math.Sqrt(max(cov[j*d+j], 0))
		c := Coef{Beta: beta[j], SE: se, Low: beta[j] - Z95*se, High: beta[j] + Z95*se}
		c.OddsRatio, c.ORLow, c.ORHigh = math.Exp(c.Beta), math.Exp(c.Low), math.Exp(c.High)
		return c
	}
	fit.Intercept = coef(0)
	for j := 1; j < d; j++ {
		fit.Coefs = append(fit.Coefs, coef(j))
	}
	return fit, nil
}

func hessian(groups []Group, beta []float64, lambda float64, d int) []float64 {
	h := make([]float64, d*d)
	x := make([]float64, d)
	x[0] = 1
	for _, gr := range groups {
		copy(x[1:], gr.X)
		mu := sigmoid(dot(beta, x))
		w := gr.N * mu * (1 - mu)
		for j := range d {
			for k := range d {
				h[j*d+k] += w * x[j] * x[k]
			}
		}
	}
	for j := 1; j < d; j++ {
		h[j*d+j] += lambda
	}
	return h
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// errSingular reports a matrix Cholesky cannot factor.
var errSingular = errors.New("the information matrix is singular")

// cholesky factors the symmetric positive definite d x d matrix a into
// its lower triangle l (a = l l').
func cholesky(a []float64, d int) ([]float64, error) {
	l := make([]float64, d*d)
	for j := range d {
		s := a[j*d+j]
		for k := range j {
			s -= l[j*d+k] * l[j*d+k]
		}
		if !(s > 1e-12*max(1, math.Abs(a[j*d+j]))) {
			return nil, errSingular
		}
		l[j*d+j] = math.Sqrt(s)
		for i := j + 1; i < d; i++ {
			s := a[i*d+j]
			for k := range j {
				s -= l[i*d+k] * l[j*d+k]
			}
			l[i*d+j] = s / l[j*d+j]
		}
	}
	return l, nil
}

// solve returns x with a x = b for a symmetric positive definite a.
func solve(a, b []float64, d int) ([]float64, error) {
	l, err := cholesky(a, d)
	if err != nil {
		return nil, err
	}
	return cholSolve(l, b, d), nil
}

func cholSolve(l, b []float64, d int) []float64 {
	y := make([]float64, d)
	for i := range d {
		s := b[i]
		for k := range i {
			s -= l[i*d+k] * y[k]
		}
		y[i] = s / l[i*d+i]
	}
	x := make([]float64, d)
	for i := d - 1; i >= 0; i-- {
		s := y[i]
		for k := i + 1; k < d; k++ {
			s -= l[k*d+i] * x[k]
		}
		x[i] = s / l[i*d+i]
	}
	return x
}

// invert returns the inverse of a symmetric positive definite matrix.
func invert(a []float64, d int) ([]float64, error) {
	l, err := cholesky(a, d)
	if err != nil {
		return nil, err
	}
	inv := make([]float64, d*d)
	e := make([]float64, d)
	for j := range d {
		clear(e)
		e[j] = 1
		col := cholSolve(l, e, d)
		for i := range d {
			inv[i*d+j] = col[i]
		}
	}
	return inv, nil
}
