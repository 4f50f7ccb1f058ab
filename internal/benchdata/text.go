package benchdata

// Sentence pools for the prose of a decision. A {placeholder} is replaced by a
// generated value: {order}, {invoice}, {ticket}, {tracking}, {giftcard},
// {sku}, {date}, {time}, {price}, {version}, {uuid} and {qty} by look-alikes
// that must survive redaction; {email}, {phone}, {card}, {iban}, {key} and
// {password} by the span's personal data (only in the *PII pools).

// What the customer asked: audit.decision.input and the user turns of
// gen_ai.input.messages.
var inputSentences = []string{
	"Hi, I ordered a standing desk on {date} under order {order} and it still hasn't shipped.",
	"The tracking number {tracking} hasn't updated since {date}, so I have no idea where the parcel is.",
	"I was charged {price} twice for the same order, {order}, and I only received one confirmation.",
	"Can you tell me why my refund for {order} has been showing as pending for more than a week?",
	"I'm on app version {version} and the checkout page keeps timing out after I enter the delivery details.",
	"My gift card {giftcard} was rejected at checkout even though it should still have {price} on it.",
	"The invoice {invoice} lists a delivery fee of {price} that I never agreed to.",
	"I'd like to change the delivery address before the order ships, if that is still possible.",
	"Support ticket {ticket} was closed without a reply, so I'm writing again.",
	"The item arrived on {date} with a cracked frame and I would prefer a replacement to a refund.",
	"Could you also confirm whether the extended warranty applies to this purchase?",
	"I received {qty} units of {sku} instead of the single one I ordered.",
	"Please cancel the subscription renewal that is scheduled for {date}.",
	"The promo code SPRING25 didn't apply, and the discount should have been {price}.",
	"Your website said delivery by {date} but the confirmation e-mail now says a week later.",
	"I need a VAT invoice for order {order} for my company's expense report.",
	"The replacement part {sku} you sent doesn't fit the model I have.",
	"Is there any way to combine orders {order} and {order} into a single shipment?",
	"I was told on the phone that a courier would collect the return on {date}, but nobody came.",
	"The order page shows a total of {price} while my bank shows a different amount.",
	"I've been a customer for years and this is the first time something like this has happened.",
	"Could you let me know what the options are before you do anything?",
}

var inputSentencesPII = []string{
	"You can reach me at {email} or on {phone} during office hours.",
	"The charge went on my card {card}, the one I always use.",
	"Please send the refund to my bank account {iban} instead of back to the card.",
	"I think I pasted my API key {key} into the last chat by mistake, can you make sure it isn't stored?",
	"If you need to check my account, my login is password={password} on the web shop.",
	"My e-mail on the account is {email} in case you need to look me up.",
}

// How the agent reasoned: audit.reasoning.
var reasoningSentences = []string{
	"The customer is asking about order {order}, placed on {date}.",
	"Looking up the order shows status awaiting_fulfilment with an estimated ship date of {date}.",
	"Refund policy {version} allows a full refund within 30 days of delivery when the item arrived damaged.",
	"The charge of {price} appears twice in the payment ledger at {time}, which points to a duplicate capture rather than two orders.",
	"Decision {uuid} from an earlier session already approved a partial credit, so it must not be issued twice.",
	"The amount in question, {price}, is below the automatic refund limit, so no human approval is needed.",
	"The carrier scan history for {tracking} ends at the regional hub, which usually means the parcel is delayed rather than lost.",
	"Plan: call lookup_order with the order id, then issue_refund only if the ledger confirms the duplicate.",
	"The customer's tone is frustrated but polite; acknowledging the delay first should help.",
	"Gift card {giftcard} fails the issuer checksum, so it was probably mistyped; asking the customer to re-check it is better than escalating.",
	"Policy check refund-limit passed at {time}, and there is no manual review flag on the account.",
	"Escalation is not required: the case matches playbook step 4 (duplicate charge, single order, under the limit).",
	"The classification billing/duplicate_charge has high confidence; shipping/delay and account/access were considered and rejected.",
	"Ticket {ticket} was auto-closed by the inactivity rule after seven days, which explains the missing reply.",
	"Inventory for {sku} shows {qty} units in the nearest warehouse, so a replacement can ship the next business day.",
	"Invoice {invoice} was generated on {date} and already includes the delivery fee, so the fee is not an extra charge.",
	"The customer's account is in good standing, with no chargebacks and no prior refunds in the last twelve months.",
	"Two options fit the policy: refund {price} now, or ship a replacement and refund the delivery fee; the customer asked for a replacement.",
	"Prices in the order were correct at the time of purchase; the promotion started on {date}, after the order was placed.",
	"The tool response for {order} lists a single line item, which matches what the customer described.",
	"Because the release {version} of the mobile app had a known checkout timeout, the failed attempts are not the customer's fault.",
	"No personal data is needed to resolve this, so the reply should not repeat any contact details.",
	"The earliest courier slot is {date} between 08:00 and 12:00; offering it proactively saves a round trip.",
	"Confidence that the outcome matches policy is high; the decision can be recorded as success.",
}

var reasoningSentencesPII = []string{
	"The customer supplied the card number {card}; it must not be repeated back in the reply.",
	"They asked for the refund to go to IBAN {iban}, but refunds can only return to the original payment method.",
	"The contact e-mail on file, {email}, matches the one in the message.",
	"The message contains a credential (password={password}); it will not be used, and the customer should be told to change it.",
	"The pasted key {key} has to be treated as compromised.",
	"A callback to {phone} is allowed because the customer asked for one.",
}

// What the agent answered or did: audit.decision.output and
// gen_ai.output.messages.
var outputSentences = []string{
	"Thanks for your patience. I've checked order {order} and can see it was placed on {date}.",
	"I've issued a refund of {price} for the duplicate charge; it should appear on your statement within three to five business days.",
	"Your replacement has been booked and will ship by {date} with tracking number {tracking}.",
	"I've reopened ticket {ticket} and linked it to this conversation so nothing gets lost.",
	"For your records, the reference for this decision is {uuid}.",
	"If gift card {giftcard} still doesn't work, please double-check the digits printed on the back of the card.",
	"The delivery fee of {price} on invoice {invoice} has been refunded as a goodwill gesture.",
	"A courier will collect the return on {date}; you don't need to print a label.",
	"The extended warranty covers this purchase until {date}.",
	"I'm sorry about the trouble with the checkout; updating the app to {version} fixes the timeout.",
	"I've combined the shipments, and the new estimated delivery date is {date}.",
	"Your subscription will not renew; you keep access until {date}.",
	"I've applied the promotion retroactively, so you'll see a credit of {price}.",
	"Is there anything else I can help you with today?",
	"Decision: refund approved under policy {version}, no escalation.",
	"Action taken: issue_refund(order={order}, amount={price}) succeeded at {time}.",
}

var outputSentencesPII = []string{
	"A confirmation has been sent to {email}.",
	"We'll call you on {phone} if the courier needs anything else.",
	"For your security, please change your password now; I haven't used password={password} and it has been removed from our notes.",
	"Refunds can't be sent to {iban}; the money will go back to the original card.",
}
