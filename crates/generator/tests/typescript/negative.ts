// Each line below must NOT type-check: tsc fails on an unused @ts-expect-error, so this file
// proves the generated types reject these mistakes.
import * as sdk from "./sdk/index.js";

const products = [{ product_id: "p-1", quantity: 1 }];

// @ts-expect-error a wrong event name: there is no such function
sdk.trackOrderCompletd({ order_id: "ORD-000001", total: 1, currency: "USD", products });

// @ts-expect-error a missing required property (total)
sdk.trackOrderCompleted({ order_id: "ORD-000001", currency: "USD", products });

// @ts-expect-error a wrong type (total as a string)
sdk.trackOrderCompleted({ order_id: "ORD-000001", total: "1", currency: "USD", products });

// @ts-expect-error a wrong enum value
sdk.trackOrderCompleted({ order_id: "ORD-000001", total: 1, currency: "XXX", products });

// @ts-expect-error an undeclared property
sdk.trackOrderCompleted({ order_id: "ORD-000001", total: 1, currency: "USD", products, extra: 1 });

// @ts-expect-error null where the plan does not allow it (affiliation is optional, not nullable)
sdk.trackOrderCompleted({ order_id: "ORD-000001", total: 1, currency: "USD", products, affiliation: null });

// @ts-expect-error a wrong item type inside an array
sdk.trackOrderCompleted({ order_id: "ORD-000001", total: 1, currency: "USD", products: [{ quantity: 1 }] });

// Nullable is distinct from optional: this one is allowed.
sdk.trackOrderCompleted({ order_id: "ORD-000001", total: 1, currency: "USD", products, coupon: null });

// @ts-expect-error global properties are required at init
sdk.init({ client: { send() {} }, globals: { platform: "web" } });

// @ts-expect-error identify needs a user id
sdk.identify({ email: "ada@example.com" });

// Enum values are exported as a const array.
const first: sdk.Currency = sdk.Currency[0];
void first;
