package servicestagetest

import "crypto/rand"

// idAlphabet is the alphabet of the ids the service generates.
const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// newID returns a random id of n lower-case letters and digits, like the
// 40-character build and job ids of the service.
func newID(n int) string {
	random := make([]byte, n)
	_, _ = rand.Read(random)

	id := make([]byte, n)
	for i, b := range random {
		id[i] = idAlphabet[int(b)%len(idAlphabet)]
	}

	return string(id)
}
