package chart

import (
	"encoding/json"
	"time"

	"github.com/gobi-bi/gobi/shared/api"
)

// Saved is a stored chart as the API shows it.
type Saved struct {
	ID          int64     `json:"id"`
	OwnerID     int64     `json:"owner_id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Type        Type      `json:"type"`
	Spec        *Spec     `json:"spec"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Access is the caller's: owner, editor or viewer (shared with them).
	Access api.Access `json:"access,omitempty"`
	// Owner is the owner's username, on items shared with the caller.
	Owner string `json:"owner,omitempty"`
}

// Input creates or replaces a chart. Spec is kept raw so the server can
// report decoding problems as field errors with paths under "spec".
type Input struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Spec        json.RawMessage `json:"spec"`
}

// DataResponse is what GET /api/charts/:id/data returns: the spec and its
// data shaped for drawing (only encoded columns, sorted, limited and
// downsampled), with the problems found checking one against the other.
type DataResponse struct {
	Spec     *Spec            `json:"spec"`
	Data     *api.Result      `json:"data"`
	Problems []api.FieldError `json:"problems,omitempty"`
}

// EncodeJSON is d as encoding/json writes it, in one allocation of its
// exact size: the data can be large, and Result.EncodeJSON explains why
// encoding/json is not used for it.
func (d *DataResponse) EncodeJSON() ([]byte, error) {
	if d == nil {
		return []byte("null"), nil
	}
	sp, err := json.Marshal(d.Spec)
	if err != nil {
		return nil, err
	}
	var problems []byte
	if len(d.Problems) > 0 {
		if problems, err = json.Marshal(d.Problems); err != nil {
			return nil, err
		}
		problems = append([]byte(`,"problems":`), problems...)
	}
	b := make([]byte, 0, len(`{"spec":,"data":}`)+len(sp)+d.Data.JSONLen()+len(problems))
	b = append(append(append(b, `{"spec":`...), sp...), `,"data":`...)
	if b, err = d.Data.AppendJSON(b); err != nil {
		return nil, err
	}
	return append(append(b, problems...), '}'), nil
}
