import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { registerNamedRoutes } from '../../lib/named-resource.js'
import { toSpeakerDto } from './dto.js'
import { createSpeakerRepository } from './repository.js'
import { SPEAKER_SORTS, SpeakerCreate, SpeakerGetQuery, SpeakerListQuery, SpeakerPage, SpeakerRef, SpeakerUpdate } from './schemas.js'

// `/v1/speakers/{s}/quotes` is served by the quotes module.
const speakerRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  // JSON only: a text/plain body is a 415, not a string that fails validation as a 400.
  fastify.removeContentTypeParser('text/plain')
  registerNamedRoutes(fastify, {
    title: 'Speaker',
    titles: 'Speakers',
    one: 'a speaker',
    table: 'speakers',
    repository: createSpeakerRepository(fastify.db, fastify.readPool),
    toDto: toSpeakerDto,
    sorts: SPEAKER_SORTS,
    schemas: { listQuery: SpeakerListQuery, page: SpeakerPage, item: SpeakerRef, create: SpeakerCreate, update: SpeakerUpdate },
    deletes: 'Only a speaker with no quotes (of any status) can be deleted: otherwise 409.',
    deleteMayConflict: true,
    describeItem: 'With the roles and organisations the speaker has been quoted in, and when (`roles`).',
    // The roles come from the speaker's quotes, which do not change the speaker's version.
    includes: { itemQuery: SpeakerGetQuery, describeList: '`include=counts` adds how many quotes you may see by each speaker.', added: ['quoteCount'], always: ['roles'] }
  })
}

export default speakerRoutes
