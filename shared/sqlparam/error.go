package sqlparam

// Error is a problem with one parameter, or with the SQL when Param is
// empty. The server returns it as a field error, so Param names the
// parameter and Message is written for the person filling in the form.
type Error struct {
	Param   string
	Message string
	// Err is the underlying cause, if any (a *sqllex.Error for SQL that
	// cannot be tokenized).
	Err error
}

// Error returns the message.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the cause, so errors.As can reach a *sqllex.Error.
func (e *Error) Unwrap() error { return e.Err }
