package chunks

import "testing"

func TestArray(t *testing.T) {
	var a Array[int64]
	n := 3*size + 17
	for i := range n {
		if got := a.Append(int64(i * 3)); got != i {
			t.Fatalf("Append returned %d, want %d", got, i)
		}
	}
	if a.Len() != n {
		t.Fatalf("Len = %d, want %d", a.Len(), n)
	}
	*a.At(size + 5) = -1
	seen := 0
	a.Each(func(i int, v *int64) {
		want := int64(i * 3)
		if i == size+5 {
			want = -1
		}
		if *v != want {
			t.Fatalf("element %d = %d, want %d", i, *v, want)
		}
		seen++
	})
	if seen != n {
		t.Errorf("Each visited %d, want %d", seen, n)
	}
	flat := a.Flat()
	if len(flat) != n || flat[n-1] != int64((n-1)*3) || flat[size+5] != -1 {
		t.Errorf("Flat: len %d, last %d, [size+5] %d", len(flat), flat[n-1], flat[size+5])
	}
	var empty Array[int32]
	if len(empty.Flat()) != 0 || empty.Len() != 0 {
		t.Error("empty array not empty")
	}
	empty.Each(func(int, *int32) { t.Error("Each on an empty array called f") })
}
