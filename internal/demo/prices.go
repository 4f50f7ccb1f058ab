package demo

// Price is what a model charges per million tokens, in US dollars.
type Price struct {
	InputPerMillion, OutputPerMillion float64
}

// PriceTable maps model names to prices.
type PriceTable map[string]Price

// DefaultPrices prices the mock models like a small and a large hosted model.
func DefaultPrices() PriceTable {
	return PriceTable{
		"mock-a":      {InputPerMillion: 0.15, OutputPerMillion: 0.60},
		"mock-b":      {InputPerMillion: 2.50, OutputPerMillion: 10.00},
		"gpt-4o-mini": {InputPerMillion: 0.15, OutputPerMillion: 0.60},
		"gpt-4o":      {InputPerMillion: 2.50, OutputPerMillion: 10.00},
	}
}

// Cost returns what a call to model with these token counts costs; 0 for
// a model the table does not know.
func (t PriceTable) Cost(model string, inputTokens, outputTokens int) float64 {
	p := t[model]
	return (float64(inputTokens)*p.InputPerMillion + float64(outputTokens)*p.OutputPerMillion) / 1e6
}
