import { describe, expect, it } from "vitest";
import { aggregateFieldErrors } from "../../api";
import { endpoints } from "./endpoints";
import { NOW, created, ctx, obj } from "./testing";

describe("endpoints", () => {
  it("discovery data", () => {
    expect([endpoints.shortNames, endpoints.storageResource, endpoints.singular]).toEqual([["ep"], "services/endpoints", "endpoints"]);
  });

  it("prints ip:port lists with + N more...", () => {
    const ep = created(
      endpoints,
      obj("Endpoints", "web", {
        subsets: [{ addresses: [{ ip: "10.0.0.1" }, { ip: "10.0.0.2" }, { ip: "10.0.0.3" }, { ip: "10.0.0.4" }], ports: [{ port: 80 }] }],
      }),
    );
    expect(endpoints.printer.cells(ep, NOW)).toEqual(["web", "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...", "60m"]);
    expect(((ep.subsets as { ports: { protocol: string }[] }[])[0]!.ports[0]!).protocol).toBe("TCP");
    expect(endpoints.printer.cells(obj("Endpoints", "none"), NOW)[1]).toBe("<none>");
    const headless = obj("Endpoints", "h", { subsets: [{ addresses: [{ ip: "10.0.0.7" }] }] });
    expect(endpoints.printer.cells(headless, NOW)[1]).toBe("10.0.0.7");
  });

  it("validates addresses and ports", () => {
    const ep = created(endpoints, obj("Endpoints", "web", { subsets: [{ addresses: [{ ip: "nope" }], ports: [{ port: 0 }] }] }));
    expect(aggregateFieldErrors(endpoints.validateCreate!(ep, ctx()))).toBe(
      '[subsets[0].addresses[0].ip: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff), subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive]',
    );
  });
});
