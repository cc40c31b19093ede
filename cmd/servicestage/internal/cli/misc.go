package cli

import (
	"fmt"
	"runtime"

	"github.com/servicestage-go/servicestage"
	"github.com/spf13/cobra"
)

func (a *app) baseImagesCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "base-images",
		Short: "List the languages and base image versions builds can use",
		Long: "List the languages and base image versions builds can use. The JSON " +
			"document maps each language to its versions.",
		Args: cobra.NoArgs,
		RunE: a.action(func(cmd *cobra.Command, _ []string) error {
			client, err := a.client(cmd)
			if err != nil {
				return err
			}

			images, err := client.ListBaseImages(cmd.Context())
			if err != nil {
				return err
			}

			if a.out.isJSON() {
				return a.out.writeJSON(images)
			}

			return writeBaseImages(a.out.w, images)
		}),
	}
}

// versionDocument is the JSON document of the version command.
type versionDocument struct {
	Version   string `json:"version"`
	GoVersion string `json:"go_version"`
	Platform  string `json:"platform"`
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of this command and of the SDK it is built on",
		Long: "Print the version of this command, which is the version of the " +
			"servicestage-go module it is built from. It needs no configuration.",
		Args: cobra.NoArgs,
		RunE: a.action(func(*cobra.Command, []string) error {
			doc := versionDocument{
				Version:   servicestage.Version,
				GoVersion: runtime.Version(),
				Platform:  runtime.GOOS + "/" + runtime.GOARCH,
			}
			if a.out.isJSON() {
				return a.out.writeJSON(doc)
			}

			_, err := fmt.Fprintf(a.out.w, "servicestage %s (%s, %s)\n", doc.Version,
				doc.GoVersion, doc.Platform)
			return err
		}),
	}
}
