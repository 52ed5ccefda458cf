// Copyright 2016 The G3N Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.
// Modified for Gobi: no GUI panel pass, no camera package, no logger.

//go:build js && wasm

package g3nrender

import (
	"sort"

	"github.com/g3n/engine/core"
	"github.com/g3n/engine/gls"
	"github.com/g3n/engine/graphic"
	"github.com/g3n/engine/light"
	"github.com/g3n/engine/material"
	"github.com/g3n/engine/math32"
)

// Camera gives the view and projection matrices a frame is drawn with
// (g3n's camera.ICamera).
type Camera interface {
	ViewMatrix(m *math32.Matrix4)
	ProjMatrix(m *math32.Matrix4)
}

// Renderer renders a scene of 3D graphics and lights.
type Renderer struct {
	Shaman
	gs    *gls.GLS
	rinfo core.RenderInfo
	specs ShaderSpecs

	// Populated each frame.
	ambLights    []*light.Ambient
	dirLights    []*light.Directional
	pointLights  []*light.Point
	spotLights   []*light.Spot
	others       []core.INode
	graphics     []*graphic.Graphic
	grmatsOpaque []*graphic.GraphicMaterial
	grmatsTransp []*graphic.GraphicMaterial
}

// NewRenderer returns a renderer drawing with gs.
func NewRenderer(gs *gls.GLS) *Renderer {
	r := &Renderer{gs: gs}
	r.Shaman.Init(gs)
	return r
}

// Render draws scene as cam sees it.
func (r *Renderer) Render(scene core.INode, cam Camera) error {
	scene.UpdateMatrixWorld()
	cam.ViewMatrix(&r.rinfo.ViewMatrix)
	cam.ProjMatrix(&r.rinfo.ProjMatrix)

	r.ambLights = r.ambLights[:0]
	r.dirLights = r.dirLights[:0]
	r.pointLights = r.pointLights[:0]
	r.spotLights = r.spotLights[:0]
	r.others = r.others[:0]
	r.graphics = r.graphics[:0]
	r.grmatsOpaque = r.grmatsOpaque[:0]
	r.grmatsTransp = r.grmatsTransp[:0]

	var proj math32.Matrix4
	proj.MultiplyMatrices(&r.rinfo.ProjMatrix, &r.rinfo.ViewMatrix)
	frustum := math32.NewFrustumFromMatrix(&proj)
	r.classifyAndCull(scene, frustum)

	r.specs.AmbientLightsMax = len(r.ambLights)
	r.specs.DirLightsMax = len(r.dirLights)
	r.specs.PointLightsMax = len(r.pointLights)
	r.specs.SpotLightsMax = len(r.spotLights)

	for _, gr := range r.graphics {
		gr.CalculateMatrices(r.gs, &r.rinfo)
		materials := gr.Materials()
		for i := range materials {
			if materials[i].IMaterial().GetMaterial().Transparent() {
				r.grmatsTransp = append(r.grmatsTransp, &materials[i])
			} else {
				r.grmatsOpaque = append(r.grmatsOpaque, &materials[i])
			}
		}
	}
	zSort(r.grmatsOpaque)
	zSort(r.grmatsTransp)

	// Opaque objects front to back, then transparent ones back to front.
	for i := len(r.grmatsOpaque) - 1; i >= 0; i-- {
		if err := r.renderGraphicMaterial(r.grmatsOpaque[i]); err != nil {
			return err
		}
	}
	for _, grmat := range r.grmatsTransp {
		if err := r.renderGraphicMaterial(grmat); err != nil {
			return err
		}
	}
	for _, inode := range r.others {
		inode.Render(r.gs)
	}
	// Clearing the depth buffer needs the depth mask on.
	r.gs.DepthMask(true)
	return nil
}

// classifyAndCull sorts inode and its descendants into lights and
// graphics, leaving out graphics wholly outside frustum.
func (r *Renderer) classifyAndCull(inode core.INode, frustum *math32.Frustum) {
	if !inode.Visible() {
		return
	}
	if igr, ok := inode.(graphic.IGraphic); ok {
		if igr.Renderable() {
			gr := igr.GetGraphic()
			if igr.Cullable() {
				mw := gr.MatrixWorld()
				bb := igr.GetGeometry().BoundingBox()
				bb.ApplyMatrix4(&mw)
				if frustum.IntersectsBox(&bb) {
					r.graphics = append(r.graphics, gr)
				}
			} else {
				r.graphics = append(r.graphics, gr)
			}
		}
	} else if il, ok := inode.(light.ILight); ok {
		switch l := il.(type) {
		case *light.Ambient:
			r.ambLights = append(r.ambLights, l)
		case *light.Directional:
			r.dirLights = append(r.dirLights, l)
		case *light.Point:
			r.pointLights = append(r.pointLights, l)
		case *light.Spot:
			r.spotLights = append(r.spotLights, l)
		}
	} else {
		r.others = append(r.others, inode)
	}
	for _, ichild := range inode.Children() {
		r.classifyAndCull(ichild, frustum)
	}
}

// zSort orders graphic materials by their render order, then by their
// depth from the camera, back to front.
func zSort(grmats []*graphic.GraphicMaterial) {
	sort.Slice(grmats, func(i, j int) bool {
		gr1 := grmats[i].IGraphic().GetGraphic()
		gr2 := grmats[j].IGraphic().GetGraphic()
		if o1, o2 := gr1.RenderOrder(), gr2.RenderOrder(); o1 != o2 {
			return o1 < o2
		}
		p1, p2 := gr1.Position(), gr2.Position()
		p1.ApplyMatrix4(gr1.ModelViewMatrix())
		p2.ApplyMatrix4(gr2.ModelViewMatrix())
		return p1.Z < p2.Z
	})
}

// renderGraphicMaterial draws one graphic material.
func (r *Renderer) renderGraphicMaterial(grmat *graphic.GraphicMaterial) error {
	mat := grmat.IMaterial().GetMaterial()
	geom := grmat.IGraphic().GetGeometry()
	gr := grmat.IGraphic().GetGraphic()

	r.specs.Defines = *gls.NewShaderDefines()
	r.specs.Defines.Add(&mat.ShaderDefines)
	r.specs.Defines.Add(&geom.ShaderDefines)
	r.specs.Defines.Add(&gr.ShaderDefines)
	r.specs.Name = mat.Shader()
	r.specs.ShaderUnique = mat.ShaderUnique()
	r.specs.UseLights = mat.UseLights()
	r.specs.MatTexturesMax = mat.TextureCount()
	if _, err := r.Shaman.SetProgram(&r.specs); err != nil {
		return err
	}
	if r.specs.UseLights&material.UseLightAmbient != 0 {
		for idx, l := range r.ambLights {
			l.RenderSetup(r.gs, &r.rinfo, idx)
		}
	}
	if r.specs.UseLights&material.UseLightDirectional != 0 {
		for idx, l := range r.dirLights {
			l.RenderSetup(r.gs, &r.rinfo, idx)
		}
	}
	if r.specs.UseLights&material.UseLightPoint != 0 {
		for idx, l := range r.pointLights {
			l.RenderSetup(r.gs, &r.rinfo, idx)
		}
	}
	if r.specs.UseLights&material.UseLightSpot != 0 {
		for idx, l := range r.spotLights {
			l.RenderSetup(r.gs, &r.rinfo, idx)
		}
	}
	grmat.Render(r.gs, &r.rinfo)
	return nil
}
