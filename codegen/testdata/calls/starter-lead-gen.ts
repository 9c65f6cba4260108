import { trackGenerateLead, trackQualifyLead } from "./tagspec-events.js";

// Right calls.
trackGenerateLead({ currency: "EUR", value: 50, lead_source: "contact_page" });
trackQualifyLead({ currency: "EUR", value: 200 });
trackQualifyLead({ currency: "EUR", value: 200, lead_score: 80 });

// Wrong calls.
trackGenerateLead({ currency: "EUR", value: 50, lead_source: "newsletter" }); // tsc: TS2322
trackGenerateLead({ currency: "EUR", value: 50 }); // tsc: TS2741
trackQualifyLead({ currency: "EUR", value: 200, lead_score: "high" }); // tsc: TS2322
