// Package chunks is a growable array kept in fixed-size chunks: growing it
// never copies what it holds, and it leaves no discarded smaller array
// behind for the garbage collector, unlike append on a slice. The
// benchmark engine keeps a record per session and per user in them.
package chunks

// Array holds elements numbered 0 to Len()-1.
type Array[T any] struct {
	chunks [][]T
	n      int
}

const (
	shift = 14
	size  = 1 << shift
	mask  = size - 1
)

// Len returns how many elements the array holds.
func (a *Array[T]) Len() int { return a.n }

// At returns element i, which must be below Len.
func (a *Array[T]) At(i int) *T { return &a.chunks[i>>shift][i&mask] }

// Append adds v at the end and returns its index.
func (a *Array[T]) Append(v T) int {
	if a.n>>shift == len(a.chunks) {
		a.chunks = append(a.chunks, make([]T, size))
	}
	i := a.n
	a.chunks[i>>shift][i&mask] = v
	a.n++
	return i
}

// Each calls f for every element in order, with its index.
func (a *Array[T]) Each(f func(i int, v *T)) {
	for c, chunk := range a.chunks {
		base := c << shift
		for j := range min(size, a.n-base) {
			f(base+j, &chunk[j])
		}
	}
}

// Flat copies the elements into one slice.
func (a *Array[T]) Flat() []T {
	out := make([]T, 0, a.n)
	for c, chunk := range a.chunks {
		out = append(out, chunk[:min(size, a.n-c<<shift)]...)
	}
	return out
}
