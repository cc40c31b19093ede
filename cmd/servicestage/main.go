// Command servicestage starts, follows, cancels and inspects Huawei Cloud
// ServiceStage builds and manages build jobs from the command line.
//
// Run "servicestage --help" for the commands, the configuration and the
// exit codes.
package main

import (
	"os"

	"github.com/servicestage-go/servicestage/cmd/servicestage/internal/cli"
)

func main() {
	os.Exit(cli.Main())
}
