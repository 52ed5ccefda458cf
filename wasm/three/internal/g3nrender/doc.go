// Package g3nrender is g3n v0.2.0's scene renderer (package
// github.com/g3n/engine/renderer), cut to what Gobi's 3D charts use:
// graphics, lights and the shader manager, without the GUI panel pass
// and the camera package, which linked g3n's whole gui package (its
// fonts, icons, YAML reader, freetype) into the WebAssembly module, and
// with a plain scanner for the shaders' #include directives instead of
// package regexp.
//
// g3n's code is under its BSD licence, in LICENSE beside this file.
package g3nrender
