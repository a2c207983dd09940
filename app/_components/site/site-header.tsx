import Link from "next/link";
import { hasRole, type SessionUser } from "@/lib/auth/roles";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";
import type { ThemePreference } from "./theme";

export function SiteHeader({ user, theme }: { user: SessionUser | null; theme: ThemePreference }) {
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ⎈
          </span>{" "}
          Kubelab
        </Link>
        <nav aria-label="Main" className="site-nav">
          <ul>
            <li>
              <Link href="/">Courses</Link>
            </li>
            {user && (
              <li>
                <Link href="/learning">My learning</Link>
              </li>
            )}
            {hasRole(user, "instructor") && (
              <li>
                <Link href="/instructor">Instructor</Link>
              </li>
            )}
          </ul>
        </nav>
        <div className="site-account">
          <ThemeToggle initial={theme} />
          {user ? (
            <>
              <span className="account-name" title={user.email}>
                {user.name || user.email}
              </span>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/signin">Sign in</Link>
              <Link href="/signup" className="button button-small">
                Sign up
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
