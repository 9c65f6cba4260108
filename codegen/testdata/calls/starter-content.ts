import { trackReturnVisit } from "./tagspec-events.js";

// Right calls.
trackReturnVisit({ visit_number: 2 });
trackReturnVisit({ visit_number: 3, days_since_last_visit: 6 });

// Wrong calls.
trackReturnVisit({}); // tsc: TS2741
trackReturnVisit({ visit_number: "2" }); // tsc: TS2322
