package servicestagetest

import (
	"maps"
	"net/http"
	"slices"

	"github.com/servicestage-go/servicestage"
)

// defaultBaseImages returns the languages and versions a new server
// returns, a subset of the service's documentation example.
func defaultBaseImages() servicestage.BaseImages {
	return servicestage.BaseImages{
		"Go":     {"1.11"},
		"Java":   {"8u181-jdk-alpine", "11", "17"},
		"Nodejs": {"8", "16"},
		"Python": {"3.7"},
	}
}

// SetBaseImages sets the languages and versions that the base images
// endpoint returns.
func (s *Server) SetBaseImages(images servicestage.BaseImages) {
	copied := make(servicestage.BaseImages, len(images))
	for language, versions := range images {
		copied[language] = slices.Clone(versions)
	}

	s.mu.Lock()
	defer s.mu.Unlock()

	s.state().baseImages = copied
}

// listBaseImages responds with the languages and their base image versions.
func (s *Server) listBaseImages(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	images := maps.Clone(s.state().baseImages)
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, images)
}
