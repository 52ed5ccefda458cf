// Package gobi embeds the web client's static files (index.html and
// assets/) so that the server binary is all there is to deploy.
package gobi

import "embed"

// Static holds index.html and the assets folder.
//
//go:embed index.html assets
var Static embed.FS
