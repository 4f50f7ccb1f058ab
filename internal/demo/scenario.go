package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
)

// sessionWorkers is how many sessions run at once.
const sessionWorkers = 8

// Config sizes a demo run.
type Config struct {
	// Decisions is how many decisions to make in all (at least Sessions).
	Decisions int
	// Sessions is how many conversations they are spread over.
	Sessions int
	// Users is how many customers own those sessions.
	Users int
	// RunID makes this run's session ids unique, so runs append.
	RunID string
	// Seed makes the requests deterministic.
	Seed uint64
}

// Result is what a run did.
type Result struct {
	Decisions int
	Failed    int
	Sessions  []string
	Users     []string
}

// customer is one demo user with the personal data their requests contain.
type customer struct {
	id, name, email, phone, card string
}

// requestTemplates are the customer requests; {order}, {name}, {email},
// {phone} and {card} are filled in per request.
var requestTemplates = []string{
	"Hi, where is my order #{order}? It was due yesterday.",
	"I'm {name} ({email}). Please refund order #{order}, it arrived broken.",
	"Can you check order #{order}? You can call me back at {phone}.",
	"Refund order #{order} to my card {card} please.",
	"How do I reset my password? My login is {email}.",
	"What is the status of #{order}?",
	"Order #{order} never arrived, I want a refund.",
	"I forgot my password and cannot sign in.",
}

// request fills a template for a customer and an order.
func request(tmpl string, c customer, order string) string {
	return strings.NewReplacer("{order}", order, "{name}", c.name, "{email}", c.email,
		"{phone}", c.phone, "{card}", c.card).Replace(tmpl)
}

// customers returns n deterministic customers. Their e-mail addresses,
// phone numbers and test card numbers are the personal data in the demo.
func customers(n int) []customer {
	first := []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Radia", "Donald", "Frances", "John"}
	last := []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Perlman", "Knuth", "Allen", "Backus"}
	cards := []string{"4111 1111 1111 1111", "5555-5555-5555-4444", "4012888888881881", "3782 822463 10005"}
	out := make([]customer, n)
	for i := range out {
		f, l := first[i%len(first)], last[(i/len(first)+i)%len(last)]
		out[i] = customer{
			id:    fmt.Sprintf("cust-%03d", i+1),
			name:  f + " " + l,
			email: fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(f), strings.ToLower(l), i+1),
			phone: fmt.Sprintf("+44 20 7946 %04d", 100+i*37),
			card:  cards[i%len(cards)],
		}
	}
	return out
}

// Run makes cfg.Decisions decisions with agent, spread over cfg.Sessions
// sessions of cfg.Users users; sessions alternate between the models.
func Run(ctx context.Context, agent *Agent, models []Model, cfg Config) (Result, error) {
	if cfg.Sessions < 1 || cfg.Users < 1 || cfg.Decisions < cfg.Sessions || len(models) == 0 {
		return Result{}, fmt.Errorf("demo: need decisions >= sessions >= 1, users >= 1 and a model (got %d, %d, %d, %d models)",
			cfg.Decisions, cfg.Sessions, cfg.Users, len(models))
	}
	users := customers(cfg.Users)
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x6f74656c61756474))
	type job struct {
		session string
		user    customer
		model   Model
		inputs  []string
	}
	jobs := make([]job, cfg.Sessions)
	res := Result{Decisions: cfg.Decisions}
	for i := range jobs {
		jobs[i] = job{
			session: fmt.Sprintf("sess-%s-%02d", cfg.RunID, i+1),
			user:    users[i%len(users)],
			model:   models[i%len(models)],
		}
		res.Sessions = append(res.Sessions, jobs[i].session)
	}
	for _, u := range users {
		res.Users = append(res.Users, u.id)
	}
	for n := range cfg.Decisions {
		j := &jobs[n%len(jobs)]
		order := fmt.Sprintf("%05d", 10000+rng.IntN(90000))
		tmpl := requestTemplates[rng.IntN(len(requestTemplates))]
		j.inputs = append(j.inputs, request(tmpl, j.user, order))
	}

	var (
		mu     sync.Mutex
		failed int
		wg     sync.WaitGroup
		sem    = make(chan struct{}, sessionWorkers)
	)
	for _, j := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			for _, input := range j.inputs {
				if ctx.Err() != nil {
					return
				}
				if err := agent.Decide(ctx, j.model, j.session, j.user.id, input); err != nil {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	res.Failed = failed
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("demo interrupted: %w", err)
	}
	return res, nil
}

// PersonalData lists the personal data the demo's requests contain for
// that many users: e-mail addresses, phone numbers and card numbers, the
// cards also without separators. None of it may reach the store.
func PersonalData(users int) []string {
	var out []string
	for _, c := range customers(users) {
		out = append(out, c.email, c.phone, c.card, strings.NewReplacer(" ", "", "-", "").Replace(c.card))
	}
	return out
}
