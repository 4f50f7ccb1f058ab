package otelaudit

import "github.com/google/uuid"

// newDecisionID returns a new time-ordered decision id (UUIDv7), falling
// back to a random UUIDv4 if the clock-based one cannot be made.
func newDecisionID() string {
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.NewString()
	}
	return id.String()
}
