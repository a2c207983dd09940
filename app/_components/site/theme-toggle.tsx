"use client";
/**
 * Cycles the theme System → Dark → Light, sets data-theme on <html> (read by the CSS variables) and
 * persists the choice in a cookie for a year so the server renders the same theme (no flash).
 */
import { useState } from "react";
import { THEME_COOKIE, type ThemePreference } from "./theme";

const NEXT: Record<ThemePreference, ThemePreference> = { system: "dark", dark: "light", light: "system" };
const LABEL: Record<ThemePreference, string> = { system: "System", dark: "Dark", light: "Light" };

export function ThemeToggle({ initial }: { initial: ThemePreference }) {
  const [theme, setTheme] = useState<ThemePreference>(initial);

  function cycle() {
    const next = NEXT[theme];
    setTheme(next);
    const root = document.documentElement;
    if (next === "system") {
      root.removeAttribute("data-theme");
      document.cookie = `${THEME_COOKIE}=; path=/; max-age=0; samesite=lax`;
    } else {
      root.setAttribute("data-theme", next);
      document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    }
  }

  return (
    <button type="button" className="theme-toggle" onClick={cycle} aria-label={`Theme: ${LABEL[theme]}. Switch to ${LABEL[NEXT[theme]]}`}>
      <span aria-hidden="true">{theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}</span> {LABEL[theme]}
    </button>
  );
}
