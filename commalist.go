package servicestage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// CommaList is a list that the service sends as one comma-separated
// string, such as "Init,Download,Build" for a log's phases. Each element
// is trimmed of spaces and keeps its position, so an empty element stays
// an empty value and parallel lists stay aligned. A JSON array of strings
// and null also decode. It encodes as a comma-separated string.
type CommaList[T ~string] []T

// UnmarshalJSON decodes a comma-separated string, an array of strings or
// null. The empty string decodes as an empty list.
func (l *CommaList[T]) UnmarshalJSON(data []byte) error {
	trimmed := bytes.TrimSpace(data)
	if bytes.Equal(trimmed, []byte("null")) {
		*l = nil
		return nil
	}

	if len(trimmed) > 0 && trimmed[0] == '[' {
		var items []T
		if err := json.Unmarshal(trimmed, &items); err != nil {
			return fmt.Errorf("servicestage: invalid list %s: want a comma-separated string "+
				"or an array of strings", sample(data))
		}

		*l = items
		return nil
	}

	var text string
	if err := json.Unmarshal(trimmed, &text); err != nil {
		return fmt.Errorf("servicestage: invalid list %s: want a comma-separated string",
			sample(data))
	}

	*l = splitComma[T](text)
	return nil
}

// MarshalJSON encodes the list as one comma-separated string.
func (l CommaList[T]) MarshalJSON() ([]byte, error) {
	parts := make([]string, len(l))
	for i, item := range l {
		parts[i] = string(item)
	}

	return json.Marshal(strings.Join(parts, ","))
}

// splitComma splits text at commas and trims each element. Blank text
// yields nil.
func splitComma[T ~string](text string) CommaList[T] {
	if strings.TrimSpace(text) == "" {
		return nil
	}

	parts := strings.Split(text, ",")
	items := make(CommaList[T], len(parts))
	for i, part := range parts {
		items[i] = T(strings.TrimSpace(part))
	}

	return items
}
