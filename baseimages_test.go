package servicestage_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/servicestage-go/servicestage"
)

// baseImagesResponse is the base images response the service documents.
const baseImagesResponse = `{
	"Go": ["1.11"],
	"Java": ["8u181-jdk-alpine", "11", "17"],
	"Nodejs": ["8", "16"],
	"Python": ["3.7"]
}`

func TestListBaseImages_Request(t *testing.T) {
	client, api := newMockAPI(t, reply(200, baseImagesResponse))

	_, err := client.ListBaseImages(context.Background())
	require.NoError(t, err)
	requireRequest(t, api.only(t), "GET", "/assembling/v1/base_images", "")
}

func TestListBaseImages_DecodesResponse(t *testing.T) {
	client, _ := newMockAPI(t, reply(200, baseImagesResponse))

	images, err := client.ListBaseImages(context.Background())
	require.NoError(t, err)

	require.Equal(t, servicestage.BaseImages{
		"Go":     {"1.11"},
		"Java":   {"8u181-jdk-alpine", "11", "17"},
		"Nodejs": {"8", "16"},
		"Python": {"3.7"},
	}, images)
	require.Equal(t, []string{"Go", "Java", "Nodejs", "Python"}, images.Languages())
}

func TestListBaseImages_Errors(t *testing.T) {
	client, _ := newMockAPI(t, reply(400, serviceError))
	_, err := client.ListBaseImages(context.Background())
	requireServiceError(t, err, "list base images")

	client, _ = newMockAPI(t, reply(200, `{"Go": "1.11"}`))
	_, err = client.ListBaseImages(context.Background())
	requireDecodeError(t, err, "list base images")

	client, _ = newMockAPI(t, reply(200, `["Go"]`))
	_, err = client.ListBaseImages(context.Background())
	requireDecodeError(t, err, "list base images")
}
