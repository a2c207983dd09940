import { isValidElement, type ReactNode } from "react";

/** Fenced code blocks: a labelled, keyboard-scrollable <pre>. Mapped to MDX's `pre`. */
export function CodeBlock({ children, ...rest }: { children?: ReactNode } & Record<string, unknown>) {
  const className = isValidElement<{ className?: string }>(children) ? children.props.className : undefined;
  const lang = /language-([\w-]+)/.exec(className ?? "")?.[1];
  const label = lang && lang !== "text" && lang !== "plaintext" ? lang : undefined;
  return (
    <div className="mdx-code" data-language={lang}>
      {label ? (
        <span className="mdx-code-lang" aria-hidden="true">
          {label}
        </span>
      ) : null}
      <pre {...rest} className="mdx-pre" tabIndex={0} aria-label={label ? `${label} code` : "code"}>
        {children}
      </pre>
    </div>
  );
}

function heading(Tag: "h2" | "h3") {
  function Heading({ id, children, ...rest }: { id?: string; children?: ReactNode } & Record<string, unknown>) {
    return (
      <Tag id={id} {...rest} className={`mdx-heading mdx-${Tag}`}>
        {children}
        {id ? (
          <a className="mdx-heading-anchor" href={`#${id}`} aria-label="Link to this section">
            #
          </a>
        ) : null}
      </Tag>
    );
  }
  Heading.displayName = `Heading(${Tag})`;
  return Heading;
}

export const H2 = heading("h2");
export const H3 = heading("h3");
