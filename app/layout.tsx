import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { getSession } from "@/lib/auth/session";
import { SiteHeader } from "./_components/site/site-header";
import { THEME_COOKIE, parseTheme } from "./_components/site/theme";
import "./globals.css";
import "./_components/lesson/lesson.css";

export const metadata: Metadata = {
  title: { default: "Kubelab", template: "%s · Kubelab" },
  description: "Interactive courses on what happens behind Kubernetes, with a cluster of your own.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1419" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  const user = await getSession();
  return (
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteHeader user={user} theme={theme} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>Kubelab — learn what happens behind Kubernetes.</p>
        </footer>
      </body>
    </html>
  );
}
