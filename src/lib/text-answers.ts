import type { FastifyReply, FastifyRequest } from 'fastify'
import { tagAnswer } from '../plugins/app/cache-tags.js'
import { textAnswerTags } from './cache-tags.js'
import { setListLastModified } from './http-cache.js'

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

/** An item of a list page written as JSON text; `updatedAt` (epoch ms) when the page shows it. */
export interface TextItem { json: string, tags: string, updatedAt?: number | undefined }

/**
 * A list page `{"data":[...],"nextCursor":...}` of items' JSON text; `tags` are space-separated
 * (each item's resources in document order).
 */
export function sendTextPage (request: FastifyRequest, reply: FastifyReply, items: readonly TextItem[], nextCursor: string | null): FastifyReply {
  let newest: number | undefined
  for (const item of items) if (item.updatedAt !== undefined && (newest === undefined || item.updatedAt > newest)) newest = item.updatedAt
  if (newest !== undefined && !reply.hasHeader('last-modified')) setListLastModified(reply, newest)
  tagAnswer(request, reply, () => {
    const resources: string[] = []
    for (const item of items) for (const tag of item.tags.split(' ')) if (tag !== '') resources.push(tag)
    return textAnswerTags(request.routeOptions.url, request.query, resources, request.topicFilter)
  })
  const data = items.map((item) => item.json).join(',')
  return reply.type(JSON_TYPE).send(`{"data":[${data}],"nextCursor":${nextCursor === null ? 'null' : JSON.stringify(nextCursor)}}`)
}
