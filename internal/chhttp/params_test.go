package chhttp

import (
	"errors"
	"net/url"
	"reflect"
	"testing"

	"github.com/otelaudit/otelaudit/internal/chdb"
)

func TestParseParams(t *testing.T) {
	tests := []struct {
		name     string
		values   url.Values
		settings []setting
		params   []setting
		code     int
	}{
		{name: "clickhouse-go defaults", values: url.Values{"default_format": {"Native"}, "client_protocol_version": {"54460"}, "compress": {"1"}, "network_compression_method": {"LZ4"}}},
		{name: "settings sorted", values: url.Values{"max_threads": {"2"}, "async_insert": {"1"}, "query_id": {"q"}},
			settings: []setting{{"async_insert", "1"}, {"max_threads", "2"}}},
		{name: "query parameter", values: url.Values{"param_x": {"1"}}, params: []setting{{"x", "1"}}},
		{name: "date_time_output_format is a setting", values: url.Values{"date_time_output_format": {"iso"}}, settings: []setting{{"date_time_output_format", "iso"}}},
		{name: "invalid setting", values: url.Values{"max-threads": {"1"}}, code: 115},
		{name: "invalid parameter", values: url.Values{"param_a b": {"1"}}, code: 36},
		{name: "readonly", values: url.Values{"readonly": {"1"}}, code: 48},
		{name: "bad revision", values: url.Values{"client_protocol_version": {"x"}}, code: 36},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parseParams(tt.values)
			if tt.code != 0 {
				var ce *chdb.Error
				if !errors.As(err, &ce) || ce.Code != tt.code {
					t.Fatalf("err = %v, want code %d", err, tt.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.settings, tt.settings) || !reflect.DeepEqual(p.parameters, tt.params) {
				t.Errorf("settings %v params %v; want %v %v", p.settings, p.parameters, tt.settings, tt.params)
			}
		})
	}
}

func TestStatusForCode(t *testing.T) {
	tests := []struct{ code, status int }{{62, 400}, {60, 404}, {516, 403}, {164, 405}, {1002, 500}, {241, 500}}
	for _, tt := range tests {
		if got := statusForCode(tt.code); got != tt.status {
			t.Errorf("statusForCode(%d) = %d, want %d", tt.code, got, tt.status)
		}
	}
}
