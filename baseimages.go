package servicestage

import (
	"context"
	"net/http"
	"sort"
)

// BaseImages maps a language, such as "Java", to the versions of its base
// image that builds can use, such as ["11", "17"].
type BaseImages map[string][]string

// Languages returns the languages in sorted order.
func (b BaseImages) Languages() []string {
	languages := make([]string, 0, len(b))
	for language := range b {
		languages = append(languages, language)
	}

	sort.Strings(languages)
	return languages
}

// ListBaseImages returns the languages and base image versions the build
// service supports. It sends GET /assembling/v1/base_images.
func (c *Client) ListBaseImages(ctx context.Context) (BaseImages, error) {
	cl := &call{
		operation: "list base images",
		method:    http.MethodGet,
		path:      baseImagesPath,
	}

	var images BaseImages
	if err := c.do(ctx, cl, &images); err != nil {
		return nil, err
	}

	return images, nil
}
