/** Theme preference: "light" | "dark" stored in a cookie; absent = follow the system (prefers-color-scheme). */
export const THEME_COOKIE = "kubelab-theme";
export type ThemePreference = "system" | "light" | "dark";

export function parseTheme(value: string | undefined): ThemePreference {
  return value === "light" || value === "dark" ? value : "system";
}
