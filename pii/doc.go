// Package pii finds personal data in the values a tag sends: email
// addresses, phone numbers, postcodes, people's names, street addresses,
// dates of birth, national id numbers, IBANs, payment card numbers and IP
// addresses.
//
// A value is judged with the context it was found in. The name it was sent
// under (an event parameter, a user property, an item field, a URL query
// key) is read once by NameHint: a name that says what it holds (phone,
// zip, first_name, dob) lets shapes count that would be ambiguous alone
// (4155550132, 94103, Jane); a name that says it holds no person's data
// (transaction_id, sku, version, price) keeps only the shapes that cannot
// be anything else (an email address, an international phone number, a
// valid IBAN). Free text is read for the words around a number ("call",
// "born").
//
// Shapes that have a check digit are verified: payment cards by Luhn, IBANs
// by mod-97, US social security numbers and UK National Insurance numbers by
// their allocation rules. Dates, version strings, GA client ids, UUIDs,
// hashes and thousands-separated numbers are recognised and left alone.
//
// The detector is built for the validator's hot path: one pass over each
// value's bytes decides whether any shape is possible, and only values that
// pass look further. It keeps no state, is safe for concurrent use, and
// imports only the standard library.
package pii
