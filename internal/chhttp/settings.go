package chhttp

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// settingValue is a setting's value and whether it differs from the default.
type settingValue struct {
	value   string
	changed bool
}

// parseSettingRows reads "name, value, changed" rows in JSONCompactEachRow.
func parseSettingRows(data []byte) (map[string]settingValue, error) {
	out := make(map[string]settingValue)
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var row []any
		if err := json.Unmarshal(line, &row); err != nil {
			return nil, fmt.Errorf("read current settings: %w", err)
		}
		if len(row) != 3 {
			return nil, fmt.Errorf("read current settings: unexpected row %s", line)
		}
		name, _ := row[0].(string)
		value, _ := row[1].(string)
		changed := fmt.Sprint(row[2]) == "1" || row[2] == true
		out[name] = settingValue{value: value, changed: changed}
	}
	return out, nil
}
