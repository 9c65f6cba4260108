package examplesite_test

import (
	"context"
	"fmt"
	"log"
	"net/http"

	"github.com/tagspec/tagspec/examplesite"
)

// ExampleServe serves the example site on a free loopback port.
func ExampleServe() {
	srv, err := examplesite.Serve(context.Background(), "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/pricing")
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.Status, resp.Header.Get("Content-Type"))
	// Output: 200 OK text/html; charset=utf-8
}
