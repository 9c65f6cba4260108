import { trackFreeTrialStart } from "./tagspec-events.js";

// Right calls.
trackFreeTrialStart({ plan: "starter", trial_days: 14 });

// Wrong calls.
trackFreeTrialStart({ trial_days: 14 }); // tsc: TS2741
trackFreeTrialStart({ plan: "platinum", trial_days: 14 }); // tsc: TS2322
