import { trackFreeTrialStart } from "./tagspec-events.js";

// Right calls.
trackFreeTrialStart({ plan: "growth", trial_days: 14 });
const plan: "starter" | "growth" | "scale" = "scale";
trackFreeTrialStart({ plan, trial_days: 30 });

// Wrong calls.
trackFreeTrialStart({ plan: "growth" }); // tsc: TS2741
trackFreeTrialStart({ plan: "enterprise", trial_days: 14 }); // tsc: TS2322
trackFreeTrialStart({ plan: "growth", trial_days: "14" }); // tsc: TS2322
trackFreeTrialStart({ plan: "growth", trial_days: 14, coupon: "X" }); // tsc: TS2353
const someString: string = "growth";
trackFreeTrialStart({ plan: someString, trial_days: 14 }); // tsc: TS2322
trackFreeTrialStart(); // tsc: TS2554
