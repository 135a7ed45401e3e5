/**
 * In-page audits, passed to `frame.evaluate`: text contrast of every visible text element
 * (through shadow roots), and horizontal overflow. Self-contained functions: they run in the
 * browser and may not close over anything.
 */

export interface ContrastSample {
  text: string;
  ratio: number;
  color: string;
  background: string;
}

/**
 * WCAG 2.x contrast of each visible element that has its own text: the text colour (with the
 * element's and its ancestors' opacity) over the background composed from the nearest
 * backgrounds up the tree (crossing shadow roots). Disabled controls are exempt (WCAG 1.4.3).
 */
export function auditTextContrast(): ContrastSample[] {
  type Rgba = { r: number; g: number; b: number; a: number };
  const parse = (value: string): Rgba | null => {
    const match = /rgba?\(([^)]+)\)/.exec(value);
    if (!match) return null;
    const parts = match[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: parts[0]!, g: parts[1]!, b: parts[2]!, a: parts[3] ?? 1 };
  };
  const blend = (top: Rgba, bottom: Rgba): Rgba => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }: Rgba) => {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const parentOf = (el: Element): Element | null =>
    el.parentElement ?? (el.parentNode instanceof ShadowRoot ? el.parentNode.host : null);
  const backgroundOf = (el: Element): Rgba => {
    const layers: Rgba[] = [];
    for (let e: Element | null = el; e; e = parentOf(e)) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg.a > 0) {
        layers.push(bg);
        if (bg.a >= 1) break;
      }
    }
    let color: Rgba = { r: 255, g: 255, b: 255, a: 1 };
    for (const layer of layers.reverse()) color = blend(layer, color);
    return color;
  };
  const disabled = (el: Element) => {
    for (let e: Element | null = el; e; e = parentOf(e)) if (e.matches(':disabled')) return true;
    return false;
  };
  const samples: ContrastSample[] = [];
  const check = (el: Element) => {
    const text = [...el.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent?.trim() ?? '')
      .join(' ')
      .trim();
    if (!text || el.closest('svg, title, style, script')) return;
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (rect.width < 2 || rect.height < 2 || style.visibility !== 'visible' || disabled(el)) return;
    let opacity = 1;
    for (let e: Element | null = el; e; e = parentOf(e)) opacity *= Number(getComputedStyle(e).opacity);
    if (opacity === 0) return;
    const fg = parse(style.color);
    if (!fg) return;
    const bg = backgroundOf(el);
    const shown = blend({ ...fg, a: fg.a * opacity }, bg);
    const [hi, lo] = [luminance(shown), luminance(bg)].sort((a, b) => b - a) as [number, number];
    samples.push({
      text: text.slice(0, 60),
      ratio: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100,
      color: style.color,
      background: `rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)})`,
    });
  };
  const visit = (root: Document | ShadowRoot) => {
    for (const el of root.querySelectorAll('*')) {
      check(el);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return samples;
}

export interface OverflowReport {
  viewportWidth: number;
  scrollWidth: number;
  /** Visible elements reaching past the viewport's left or right edge. */
  outside: string[];
}

/** Whether anything sticks out horizontally (the page scrolls sideways, or an element is cut). */
export function auditOverflow(): OverflowReport {
  const width = document.documentElement.clientWidth;
  const outside: string[] = [];
  const visit = (root: Document | ShadowRoot) => {
    for (const el of root.querySelectorAll('*')) {
      const rect = el.getBoundingClientRect();
      if (rect.width > 0 && rect.height > 0 && (rect.right > width + 0.5 || rect.left < -0.5)) {
        outside.push(`${el.tagName.toLowerCase()}.${el.className} [${Math.round(rect.left)}, ${Math.round(rect.right)}]`);
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return { viewportWidth: width, scrollWidth: document.documentElement.scrollWidth, outside };
}
