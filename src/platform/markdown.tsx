import MarkdownIt from 'markdown-it'

/**
 * The Markdown that long texts may use: paragraphs and line breaks, lists, emphasis and links to http or https
 * addresses. HTML in the text is shown as written, never run; anything else (headings, images, tables, code) stays
 * plain text. markdown-it escapes what it does not render.
 */
const md = new MarkdownIt('zero', { html: false, breaks: true, linkify: false }).enable([
  'list',
  'emphasis',
  'link',
  'newline',
  'escape',
  'entity',
])
md.validateLink = (url) => /^https?:\/\//i.test(url.trim())
const renderLink = md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options))
md.renderer.rules.link_open = (tokens, i, options, env, self) => {
  // A body's text may link anywhere: it carries none of Mizan's standing to the page it links to.
  tokens[i]!.attrSet('rel', 'nofollow noopener noreferrer')
  return renderLink(tokens, i, options, env, self)
}

export const markdownHtml = (text: string) => md.render(text)

/** A long text rendered as Markdown, in a block marked with the language it is written in when that differs. */
export const Markdown = ({ text, lang, dir }: { text: string; lang?: string; dir?: 'ltr' | 'rtl' }) => (
  <div class="markdown" lang={lang} dir={dir} dangerouslySetInnerHTML={{ __html: markdownHtml(text) }} />
)
