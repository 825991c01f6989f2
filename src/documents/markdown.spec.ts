import { narrativeHtml } from './markdown.js';

describe('narrativeHtml', () => {
  it('renders Markdown: paragraphs, emphasis, lists and links', () => {
    expect(narrativeHtml('Kazakhstan **signed** in 2009.\n\n- one\n- two')).toBe(
      '<p>Kazakhstan <strong>signed</strong> in 2009.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n',
    );
    expect(narrativeHtml('[CARICC](https://caricc.org)')).toBe(
      '<p><a href="https://caricc.org">CARICC</a></p>\n',
    );
  });

  it.each([
    ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n'],
    ['<img src=x onerror=alert(1)>', '<p>&lt;img src=x onerror=alert(1)&gt;</p>\n'],
    ['[click](javascript:alert(1))', '<p>[click](javascript:alert(1))</p>\n'],
    ['[x](data:text/html;base64,PHNjcmlwdD4=)', '<p>[x](data:text/html;base64,PHNjcmlwdD4=)</p>\n'],
    ['![x](https://evil.example/p.png)', '<p>!<a href="https://evil.example/p.png">x</a></p>\n'],
  ])('never passes markup or a script through: %s', (text, html) => {
    expect(narrativeHtml(text)).toBe(html);
  });

  it('puts headings under the report’s sections and prints nothing for blank text', () => {
    expect(narrativeHtml('# Findings')).toBe('<h3>Findings</h3>\n');
    expect(narrativeHtml('   \n ')).toBe('');
  });
});
