package route

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/valyala/fasthttp"

	"github.com/gobi-bi/gobi/server/fault"
	"github.com/gobi-bi/gobi/shared/chart"
)

// jsonFormat is how operations read and write JSON: strict decoding, and
// answers in one buffer handed to fasthttp without a copy.
var jsonFormat = huma.Format{Marshal: writeJSON, Unmarshal: DecodeJSON}

// presized is a response value that encodes itself in one buffer of its
// exact size (api.Result, chart.DataResponse): encoding/json's doubling
// buffer would cost several times a large answer.
type presized interface {
	EncodeJSON() ([]byte, error)
}

// EncodeJSON encodes v as a response body.
func EncodeJSON(v any) ([]byte, error) {
	if p, ok := v.(presized); ok {
		return p.EncodeJSON()
	}
	return json.Marshal(v)
}

func writeJSON(w io.Writer, v any) error {
	b, err := EncodeJSON(v)
	if err != nil {
		return err
	}
	if rc, ok := w.(*fasthttp.RequestCtx); ok {
		// The body is b itself, as Fiber's c.JSON does: a large result is
		// not copied into a second buffer.
		rc.Response.SetBodyRaw(b)
		return nil
	}
	_, err = w.Write(b)
	return err
}

// DecodeJSON reads a JSON request body into v strictly: unknown fields,
// trailing data and type mismatches are errors naming the field; numbers
// stay json.Number where v holds any.
func DecodeJSON(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errors.New("request body is empty; send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

func decodeError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("malformed JSON at byte %d: %v", se.Offset, se)
	case errors.As(err, &te) && te.Field == "":
		return fmt.Errorf("the body %s", chart.Mismatch(te))
	case errors.As(err, &te):
		return fmt.Errorf("field %q %s", te.Field, chart.Mismatch(te))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("malformed JSON: unexpected end of body")
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return fmt.Errorf("unknown field %s", f)
	}
	return fmt.Errorf("malformed JSON: %w", err)
}

// JSONObject reads a JSON object given as text outside the body (such as
// ?params={"region":"North"}), refusing control characters; name is the
// parameter, for messages. Empty text is a nil map.
func JSONObject(text, name, example string) (map[string]any, error) {
	if text == "" {
		return nil, nil
	}
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, fault.BadRequest("%s must be a JSON object, such as %s", name, example)
	}
	if err := CheckControl(m, name); err != nil {
		return nil, err
	}
	return m, nil
}
