import { describe, expect, it } from "vitest";
import { apiUser } from "./api";
import { AuthzError, assertRole, hasRole, toRole, type SessionUser } from "./roles";

const learner: SessionUser = { id: "u1", email: "l@example.com", name: null, role: "learner" };
const instructor: SessionUser = { ...learner, id: "u2", role: "instructor" };
const admin: SessionUser = { ...learner, id: "u3", role: "admin" };

describe("roles", () => {
  it("orders admin ⊇ instructor ⊇ learner", () => {
    expect(hasRole(learner, "learner")).toBe(true);
    expect(hasRole(learner, "instructor")).toBe(false);
    expect(hasRole(instructor, "instructor")).toBe(true);
    expect(hasRole(instructor, "admin")).toBe(false);
    expect(hasRole(admin, "instructor")).toBe(true);
    expect(hasRole(null, "learner")).toBe(false);
  });

  it("treats unknown stored roles as learner", () => {
    expect(toRole("superuser")).toBe("learner");
    expect(toRole("admin")).toBe("admin");
  });

  it("assertRole returns the user or throws 401/403", () => {
    expect(assertRole(instructor, "instructor")).toBe(instructor);
    expect(() => assertRole(null, "learner")).toThrow(expect.objectContaining({ status: 401 }));
    try {
      assertRole(learner, "instructor");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AuthzError);
      expect((e as AuthzError).status).toBe(403);
    }
  });

  it("apiUser answers 403 to a learner, 401 to nobody, and passes an instructor", async () => {
    const req = new Request("http://localhost/api/instructor");
    const asLearner = await apiUser(req, "instructor", async () => learner);
    expect(asLearner).toBeInstanceOf(Response);
    expect((asLearner as Response).status).toBe(403);
    expect(await (asLearner as Response).json()).toMatchObject({ error: "forbidden" });
    const anonymous = await apiUser(req, "instructor", async () => null);
    expect((anonymous as Response).status).toBe(401);
    expect(await apiUser(req, "instructor", async () => instructor)).toBe(instructor);
    expect(await apiUser(req, "instructor", async () => admin)).toBe(admin);
  });
});
