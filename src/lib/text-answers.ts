import type { FastifyReply, FastifyRequest } from 'fastify'
import { tagAnswer } from '../plugins/app/cache-tags.js'
import { textAnswerTags } from './cache-tags.js'
import { setListLastModified } from './http-cache.js'
import type { TextPage } from './json-text.js'

// Sending answers Postgres wrote as JSON text (lib/json-text.ts). Fastify neither serializes a
// string nor runs preSerialization hooks for it, so what those hooks add to an object answer is
// added here: the cache tags (plugins/app/cache-tags.ts) and a list's Last-Modified
// (plugins/app/http-cache.ts). ETag, Cache-Control and 304s come from onSend hooks, as before.

const JSON_TYPE = 'application/json; charset=utf-8'

/** One item's answer: its JSON text and the tags of the resources in it, in document order. */
export function sendTextItem (request: FastifyRequest, reply: FastifyReply, json: string, tags: Iterable<string>): FastifyReply {
  tagAnswer(request, reply, () => textAnswerTags(request.routeOptions.url, request.query, tags, request.topicFilter))
  return reply.type(JSON_TYPE).send(json)
}

/** A list page `{"data":[...],"nextCursor":...}` of items' JSON text, joined by Postgres (lib/json-text.ts). */
export function sendTextPage (request: FastifyRequest, reply: FastifyReply, page: TextPage, nextCursor: string | null): FastifyReply {
  if (page.newest !== undefined && page.newest !== null && !reply.hasHeader('last-modified')) setListLastModified(reply, page.newest)
  tagAnswer(request, reply, () => textAnswerTags(request.routeOptions.url, request.query, page.tags.split(' ').filter((tag) => tag !== ''), request.topicFilter))
  return reply.type(JSON_TYPE).send(`{"data":[${page.data}],"nextCursor":${nextCursor === null ? 'null' : JSON.stringify(nextCursor)}}`)
}
