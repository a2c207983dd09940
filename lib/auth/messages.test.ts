import { describe, expect, it } from "vitest";
import { BAD_CREDENTIALS_MESSAGE, safeCallbackUrl, signInErrorMessage } from "./messages";

describe("sign-in messages", () => {
  it("gives one generic message for bad credentials and the wait time when throttled", () => {
    expect(signInErrorMessage("CredentialsSignin", "invalid_credentials")).toBe(BAD_CREDENTIALS_MESSAGE);
    expect(signInErrorMessage("CredentialsSignin", "credentials")).toBe(BAD_CREDENTIALS_MESSAGE);
    expect(signInErrorMessage("CredentialsSignin", "rate_limited:15")).toBe("Too many attempts. Try again in 15 minutes.");
    expect(signInErrorMessage("CredentialsSignin", "rate_limited:1")).toBe("Too many attempts. Try again in 1 minute.");
    expect(signInErrorMessage(null, null)).toBeUndefined();
  });

  it("follows only same-site paths after sign-in", () => {
    expect(safeCallbackUrl("/courses/k8s")).toBe("/courses/k8s");
    expect(safeCallbackUrl("//evil.example/x")).toBe("/learning");
    expect(safeCallbackUrl("https://evil.example/")).toBe("/learning");
    expect(safeCallbackUrl("/\\evil.example")).toBe("/learning");
    expect(safeCallbackUrl("/signin")).toBe("/learning");
    expect(safeCallbackUrl(undefined, "/")).toBe("/");
  });
});
