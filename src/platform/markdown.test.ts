import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { markdownHtml } from './markdown.tsx'

describe('long texts as Markdown', () => {
  test('paragraphs, line breaks, lists, emphasis and web links render', () => {
    const html = markdownHtml(
      'The model ranks **applications**.\nReviewed *weekly*.\n\n- first\n- second\n\nSee [the notice](https://example.gov.pk/notice).',
    )
    assert.match(html, /<p>The model ranks <strong>applications<\/strong>\.<br>\nReviewed <em>weekly<\/em>\.<\/p>/)
    assert.match(html, /<ul>\n<li>first<\/li>\n<li>second<\/li>\n<\/ul>/)
    assert.match(html, /<a href="https:\/\/example\.gov\.pk\/notice" rel="nofollow noopener noreferrer">the notice<\/a>/)
  })

  test('raw HTML is shown as text, and javascript:, data: and relative links are not links', () => {
    const html = markdownHtml(
      '<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) [b](data:text/html,x) [c](/admin) [d](JAVASCRIPT:alert(1))',
    )
    assert.doesNotMatch(html, /<script|<img|<a /)
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    assert.match(html, /\[a\]\(javascript:alert\(1\)\)/)
  })

  test('headings, images, code and tables stay plain text', () => {
    const html = markdownHtml('# Title\n\n![x](https://example.com/x.png)\n\n`code`\n\n| a | b |\n|---|---|')
    assert.doesNotMatch(html, /<h1|<img|<code|<table/)
  })

  test('Urdu text with emphasis keeps its letters as written', () => {
    assert.equal(markdownHtml('یہ نظام **ہر ہفتے** جانچا جاتا ہے۔'), '<p>یہ نظام <strong>ہر ہفتے</strong> جانچا جاتا ہے۔</p>\n')
  })
})
