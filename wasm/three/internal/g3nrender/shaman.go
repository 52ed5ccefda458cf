// Copyright 2016 The G3N Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.
// Modified for Gobi: includes expanded by expandIncludes, defines sorted.

//go:build js && wasm

package g3nrender

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/g3n/engine/gls"
	"github.com/g3n/engine/material"
	"github.com/g3n/engine/renderer/shaders"
)

// glslVersion is the #version of every shader: WebGL2's GLSL ES 3.00.
const glslVersion = "300 es"

// ShaderSpecs describes a compiled shader program.
type ShaderSpecs struct {
	Name             string             // program name
	ShaderUnique     bool               // independent of lights and textures
	UseLights        material.UseLights // which lights to consider
	AmbientLightsMax int
	DirLightsMax     int
	PointLightsMax   int
	SpotLightsMax    int
	MatTexturesMax   int
	Defines          gls.ShaderDefines // additional defines
}

// progSpecs is a compiled program with its specs.
type progSpecs struct {
	program *gls.Program
	specs   ShaderSpecs
}

// Shaman is the shader manager.
type Shaman struct {
	gs       *gls.GLS
	includes map[string]string
	shadersm map[string]string
	proginfo map[string]shaders.ProgramInfo
	programs []progSpecs
	specs    ShaderSpecs // the current program's
}

// Init prepares the manager for gs.
func (sm *Shaman) Init(gs *gls.GLS) {
	sm.gs = gs
	sm.includes = map[string]string{}
	sm.shadersm = map[string]string{}
	sm.proginfo = map[string]shaders.ProgramInfo{}
}

// AddDefaultShaders adds g3n's include chunks, shaders and programs.
func (sm *Shaman) AddDefaultShaders() error {
	for _, name := range shaders.Includes() {
		sm.AddChunk(name, shaders.IncludeSource(name))
	}
	for _, name := range shaders.Shaders() {
		sm.AddShader(name, shaders.ShaderSource(name))
	}
	for _, name := range shaders.Programs() {
		sm.proginfo[name] = shaders.GetProgramInfo(name)
	}
	return nil
}

// AddChunk adds a chunk that shaders include as `#include <name>`.
func (sm *Shaman) AddChunk(name, source string) { sm.includes[name] = source }

// AddShader adds a vertex or fragment shader's source.
func (sm *Shaman) AddShader(name, source string) { sm.shadersm[name] = source }

// AddProgram adds a program made of two shaders added before.
func (sm *Shaman) AddProgram(name, vertexName, fragName string) {
	sm.proginfo[name] = shaders.ProgramInfo{Vertex: vertexName, Fragment: fragName}
}

// SetProgram makes the program for s current, compiling it the first
// time, and says whether the current program changed.
func (sm *Shaman) SetProgram(s *ShaderSpecs) (bool, error) {
	var specs ShaderSpecs
	specs.copy(s)
	if specs.UseLights&material.UseLightAmbient == 0 {
		specs.AmbientLightsMax = 0
	}
	if specs.UseLights&material.UseLightDirectional == 0 {
		specs.DirLightsMax = 0
	}
	if specs.UseLights&material.UseLightPoint == 0 {
		specs.PointLightsMax = 0
	}
	if specs.UseLights&material.UseLightSpot == 0 {
		specs.SpotLightsMax = 0
	}
	if sm.specs.equals(&specs) {
		return false, nil
	}
	for _, p := range sm.programs {
		if p.specs.equals(&specs) {
			sm.gs.UseProgram(p.program)
			sm.specs = specs
			return true, nil
		}
	}
	prog, err := sm.genProgram(&specs)
	if err != nil {
		return false, err
	}
	sm.specs = specs
	sm.programs = append(sm.programs, progSpecs{prog, specs})
	sm.gs.UseProgram(prog)
	return true, nil
}

// genProgram compiles the program for specs.
func (sm *Shaman) genProgram(specs *ShaderSpecs) (*gls.Program, error) {
	info, ok := sm.proginfo[specs.Name]
	if !ok {
		return nil, fmt.Errorf("program %s not found", specs.Name)
	}
	defines := map[string]string{
		"AMB_LIGHTS":   strconv.Itoa(specs.AmbientLightsMax),
		"DIR_LIGHTS":   strconv.Itoa(specs.DirLightsMax),
		"POINT_LIGHTS": strconv.Itoa(specs.PointLightsMax),
		"SPOT_LIGHTS":  strconv.Itoa(specs.SpotLightsMax),
		"MAT_TEXTURES": strconv.Itoa(specs.MatTexturesMax),
	}
	for name, value := range specs.Defines {
		defines[name] = value
	}
	vertex, ok := sm.shadersm[info.Vertex]
	if !ok {
		return nil, fmt.Errorf("vertex shader %s not found", info.Vertex)
	}
	fragment, ok := sm.shadersm[info.Fragment]
	if !ok {
		return nil, fmt.Errorf("fragment shader %s not found", info.Fragment)
	}
	vertex, err := sm.preprocess(vertex, defines)
	if err != nil {
		return nil, err
	}
	fragment, err = sm.preprocess(fragment, defines)
	if err != nil {
		return nil, err
	}
	prog := sm.gs.NewProgram()
	prog.AddShader(gls.VERTEX_SHADER, vertex)
	prog.AddShader(gls.FRAGMENT_SHADER, fragment)
	if err := prog.Build(); err != nil {
		return nil, err
	}
	return prog, nil
}

// preprocess prefixes source with the #version and #define lines and
// expands its includes.
func (sm *Shaman) preprocess(source string, defines map[string]string) (string, error) {
	names := make([]string, 0, len(defines))
	for name := range defines {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("#version " + glslVersion + "\n")
	for _, name := range names {
		b.WriteString("#define " + name + " " + defines[name] + "\n")
	}
	b.WriteString(source)
	return expandIncludes(b.String(), sm.includes, defines)
}

// copy copies other into ss, with its own defines.
func (ss *ShaderSpecs) copy(other *ShaderSpecs) {
	*ss = *other
	if other.Defines != nil {
		ss.Defines = *gls.NewShaderDefines()
		ss.Defines.Add(&other.Defines)
	}
}

// equals reports whether two specs give the same program.
func (ss *ShaderSpecs) equals(other *ShaderSpecs) bool {
	if ss.Name != other.Name {
		return false
	}
	if other.ShaderUnique {
		return true
	}
	return ss.AmbientLightsMax == other.AmbientLightsMax &&
		ss.DirLightsMax == other.DirLightsMax &&
		ss.PointLightsMax == other.PointLightsMax &&
		ss.SpotLightsMax == other.SpotLightsMax &&
		ss.MatTexturesMax == other.MatTexturesMax &&
		ss.Defines.Equals(&other.Defines)
}
