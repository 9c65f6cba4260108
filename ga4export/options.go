package ga4export

// ReadOptions tunes how the export readers decode a file. The zero value
// reads every row completely, as ReadJSON and ReadParquet do.
type ReadOptions struct {
	// KeepParams names the event parameters a reader copies into
	// Event.Params. nil keeps every parameter; an empty, non-nil map keeps
	// none, so a reader can skip decoding parameter values that nobody
	// reads. SessionID and TransactionID are filled either way.
	KeepParams map[string]bool
	// Jobs is how many goroutines may decode one file at once: 0 means
	// GOMAXPROCS, 1 decodes on the caller's goroutine. The callback is
	// still called one row at a time, in file order.
	Jobs int
	// Dimensions makes the readers fill Event.Source, Medium, Country and
	// Device from the traffic_source, geo and device records. Without it
	// those records are skipped like every other column an Event does not
	// hold (and a record of an unexpected shape is no error).
	Dimensions bool
}

// keeps reports whether a parameter with this key goes into Event.Params.
func (o *ReadOptions) keeps(key string) bool {
	return o.KeepParams == nil || o.KeepParams[key]
}
