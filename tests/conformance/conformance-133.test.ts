/** Every scenario of ./scenarios.ts (core and the rest) with kubectl 1.33, on its own cluster. */
import { scenarios } from "./scenarios";
import { conformanceSuite } from "./suite";

conformanceSuite("1.33", scenarios);
