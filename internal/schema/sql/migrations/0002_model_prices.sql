{{/*
Migration 2: the price table the cost of a decision is computed from when
the span carries no cost (see 0003). One row per model and start of
validity, in US dollars per million tokens; the row with the latest
valid_from not after a decision's time prices it. ReplacingMergeTree keeps,
for one (model, valid_from), the row with the latest updated_at, so a
correction is a plain INSERT and readers use FINAL. In cluster mode the
Distributed table is sharded by model, so FINAL on each shard sees every
row of a model.

To add a model or a new price (takes effect for decisions from valid_from):
  INSERT INTO otelaudit.model_prices (model, input_usd_per_million, output_usd_per_million, valid_from)
  VALUES ('my-model', 1.00, 4.00, '2026-01-01 00:00:00');
To correct a price, insert the same model and valid_from again.

The seed rows are list prices (standard tier, per million tokens) as of
2025-06-01, valid from 1970-01-01 so that they price every decision until
a row with a later valid_from; mock-a and mock-b are the demo's mock
models, priced like a small and a large hosted model. updated_at is fixed for the seed, so a
repeated seed insert is recognised as a duplicate block and any price a
user inserts later (updated_at = now) wins over it.
*/ -}}
CREATE TABLE IF NOT EXISTS {{.Local .ModelPrices}}{{.OnCluster}} (
    model LowCardinality(String),
    input_usd_per_million Float64,
    output_usd_per_million Float64,
    valid_from DateTime('UTC'),
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = {{.Engine "ReplacingMergeTree" "updated_at"}}
ORDER BY (model, valid_from)
SETTINGS {{.DedupSetting}};

{{.Distributed .ModelPrices "cityHash64(model)"}};

INSERT INTO {{.Table .ModelPrices}} (model, input_usd_per_million, output_usd_per_million, valid_from, updated_at) VALUES
    ('gpt-4o', 2.50, 10.00, '1970-01-01 00:00:00', '2025-06-01 00:00:00'),
    ('gpt-4o-mini', 0.15, 0.60, '1970-01-01 00:00:00', '2025-06-01 00:00:00'),
    ('claude-3-5-sonnet', 3.00, 15.00, '1970-01-01 00:00:00', '2025-06-01 00:00:00'),
    ('mock-a', 0.15, 0.60, '1970-01-01 00:00:00', '2025-06-01 00:00:00'),
    ('mock-b', 2.50, 10.00, '1970-01-01 00:00:00', '2025-06-01 00:00:00');
