package apierr

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// Decode reads a JSON request body into v strictly: unknown fields, a
// wrong content type, trailing data and type mismatches are 400s naming
// the field.
func Decode(c *fiber.Ctx, v any) error {
	body := c.Body()
	if len(bytes.TrimSpace(body)) == 0 {
		return BadRequest("request body is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return BadRequest("unexpected data after the JSON object")
	}
	return nil // TODO(route): transitional, removed with Decode
}

func decodeError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return BadRequest("malformed JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te):
		return BadRequest("field %q must be %s, not %s", te.Field, te.Type.String(), te.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return BadRequest("malformed JSON: unexpected end of body")
	}
	msg := err.Error()
	if f, ok := unknownField(msg); ok {
		return BadRequest("unknown field %s", f)
	}
	return BadRequest("malformed JSON: %v", err)
}

func unknownField(msg string) (string, bool) {
	const p = "json: unknown field "
	if len(msg) > len(p) && msg[:len(p)] == p {
		return msg[len(p):], true
	}
	return "", false
}

// QueryInt reads an integer query parameter in [min, max], def when it is
// absent. Unlike Fiber's QueryInt, text and out-of-range numbers are a
// 400, not silently the default.
func QueryInt(c *fiber.Ctx, name string, def, min, max int) (int, error) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, BadRequest("%s must be an integer between %d and %d", name, min, max)
	}
	return n, nil
}

// ParamID reads a positive integer path parameter.
func ParamID(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id < 1 {
		return 0, BadRequest("%s must be a positive integer, not %q", name, c.Params(name))
	}
	return id, nil
}
