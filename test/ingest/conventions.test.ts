// One test per quoting convention met on real pages (see test/fixtures/articles/CONVENTIONS.md).
import t from 'tap'
import { parseArticle } from '../../src/ingest/parse-article.js'

function parse(...paragraphs: string[]): ReturnType<typeof parseArticle> {
  return parseArticle(['News', 'A headline for the test story', ...paragraphs].join('\n\n'))
}
function quotesOf(...paragraphs: string[]): Array<[string, string | null]> {
  return parse(...paragraphs).quotes.map((q) => [q.text, q.speakerName])
}

t.test('British single marks, with apostrophes and a plural possessive inside', async (t) => {
  t.same(quotesOf('‘Our customers aren’t millionaires,’ Mr Pascoe said.', 'He added: ‘The traders’ view is simple: fix the wall.’'),
    [['Our customers aren’t millionaires', 'Pascoe'], ['The traders’ view is simple: fix the wall.', 'Pascoe']])
  t.same(quotesOf("'I've had calls from older people. That's what people are telling me,' said Deputy O'Rourke."),
    [["I've had calls from older people. That's what people are telling me", "O'Rourke"]])
})

t.test('a quote over several paragraphs, attributed in the first or not at all', async (t) => {
  t.same(quotesOf('Union leader Maria Ruiz said: “We will not be bullied.', '“We will be back on Monday.”'),
    [['We will not be bullied. We will be back on Monday.', 'Maria Ruiz']])
  t.same(quotesOf('Mayor Anna Berg spoke first.', '“We will rebuild the bridge,” she said.', '“And we will do it by winter.”'),
    [['We will rebuild the bridge', 'Anna Berg'], ['And we will do it by winter.', 'Anna Berg']])
})

t.test('colon introductions, on the same line or the line before', async (t) => {
  t.same(quotesOf('Finance Minister Kofi Mensah said on Thursday that the subsidy would stay.', 'The minister said:', '“This is not about the election.”'),
    [['This is not about the election.', 'Kofi Mensah']])
  t.same(quotesOf('Dalia Costa told reporters: “We expect a deal by Friday.”'), [['We expect a deal by Friday.', 'Dalia Costa']])
  t.same(quotesOf('2. SOUNDBITE: (English) Abena Owusu, taxi driver:', '"Last week I spent half of what I earned on fuel."'),
    [['Last week I spent half of what I earned on fuel.', 'Abena Owusu']])
})

t.test('unnamed sources keep a description and their organisation', async (t) => {
  const article = parse('Skyline Air said the flight had landed safely in Bordeaux.', 'A spokesperson for the airline said the passenger had been "banned for life".',
    '"It is early days," a source familiar with the talks said.')
  t.same(article.quotes.map((q) => [q.text, q.speakerName, q.description, q.organization]), [
    ['banned for life', null, 'a spokesperson for the airline', 'Skyline Air'],
    ['It is early days', null, 'a source familiar with the talks', null],
  ])
})

t.test('organisations as speakers, by name or by what they are', async (t) => {
  const article = parse('The National Disease Control Agency (NDCA) warned of a rise in dengue cases.',
    '"We are seeing the virus earlier in the season," the agency said in a statement.', '“Currently, the issue is not relevant,” Gazprom Neft said in a statement.')
  t.same(article.quotes.map((q) => q.speakerName), ['National Disease Control Agency', 'Gazprom Neft'])
  t.equal(article.speakers[0]?.kind, 'organization')
})

t.test('one person named several ways: surname, role, title and pronoun', async (t) => {
  t.same(quotesOf('Baltic Maritime Council (BMC) Secretary General Anders Holm spoke in Tallinn.', '"We cannot guard every metre of cable," the BMC chief said.',
    'Estonian Deputy Defence Minister Kaja Tamm agreed.', '"Our economy runs through these cables," she said.',
    'Asked about sabotage, the Secretary General was careful. "I will not point fingers," he said.', '"A temporary fix is not a fix," the minister said.'), [
    ['We cannot guard every metre of cable', 'Anders Holm'], ['Our economy runs through these cables', 'Kaja Tamm'],
    ['I will not point fingers', 'Anders Holm'], ['A temporary fix is not a fix', 'Kaja Tamm'],
  ])
})

t.test('a quote paragraph after a paragraph about its speaker', async (t) => {
  t.same(quotesOf('Moyes could not fault his players at the final whistle.', '“The team did brilliantly. They deserve all the plaudits.”'),
    [['The team did brilliantly. They deserve all the plaudits.', 'Moyes']])
  t.same(quotesOf('Hundeyin said that the division arrested the suspects after a tip-off.', '“The suspects were arrested at about 2pm on Thursday.', '“A third suspect escaped.”'),
    [['The suspects were arrested at about 2pm on Thursday. A third suspect escaped.', 'Hundeyin']])
})

t.test('labels and headings name the speaker in round-ups and transcripts', async (t) => {
  t.same(quotesOf('Luca Benedetti: "We were the better team for seventy minutes."', 'Priya Anand (Saltash Athletic)', '“Three goals and a clean sheet, I can\'t ask for more.”'),
    [['We were the better team for seventy minutes.', 'Luca Benedetti'], ["Three goals and a clean sheet, I can't ask for more.", 'Priya Anand']])
  t.same(quotesOf('Westmoor boss Ruth Adebayo: It was a proper scrap and we won it ugly.”'), [['It was a proper scrap and we won it ugly.', 'Ruth Adebayo']], 'a missing opening mark')
  t.same(quotesOf('Alex Ferguson: (On the penalty appeal) “The boy dived. There is no question about that.”'),
    [['The boy dived. There is no question about that.', 'Alex Ferguson']], 'a label with what the question was about')
  t.same(quotesOf('HEAD COACH Tom Penders', 'Opening statement:', '“It was a tough night getting the ball in the basket.”', 'On the defense:', '“We wanted them to play at a fast pace.”'),
    [['It was a tough night getting the ball in the basket.', 'Tom Penders'], ['We wanted them to play at a fast pace.', 'Tom Penders']], 'topic labels in a Q&A write-up')
  t.same(quotesOf('Q: Does the minister still have your confidence?', 'Ciarán Hogan: Absolutely. He is doing a difficult job.'), [], 'a transcript without marks has no quotes')
})

t.test('page noise: date line, update stamp, captions, wrapped lines, glued and stray marks', async (t) => {
  const article = parseArticle([
    'date 2024-08-19', '(Last Updated On: August 19, 2024)', 'Wildfire forces evacuation', 'Crews fought the fire overnight near Pine Hollow, officials said.',
    '(Image: Cedar County Fire District)', 'Evacuee Marisol Vega said she had fifteen minutes to leave.',
    'IG Wekesa stated,”The letter did not come from this office.”', '” Disciplinary action has been taken,” she added.',
    'Battalion Chief Rob Delaney said the wind had shifted. "We\'ll be out there all night and all day',
  ].join('\n\n'))
  t.equal(article.publishedAt, '2024-08-19T00:00:00.000Z')
  t.notOk(article.body.some((p) => /Last Updated|Image:/.test(p)))
  t.same(article.quotes.map((q) => [q.text, q.speakerName]), [
    ['The letter did not come from this office.', 'Wekesa'], ['Disciplinary action has been taken', 'Wekesa'],
    ["We'll be out there all night and all day", 'Rob Delaney'],
  ])
  const wire = parseArticle('Dalmark in talks - sources\n\nCOPENHAGEN, May 6 (Reuters) - Danish shipping group Dalmark is\nin early talks to sell its tanker division, two sources told\nReuters on Monday.\n"It is early days, and the price gap is still wide," the source\nsaid, declining to be named.')
  t.same(wire.quotes.map((q) => [q.text, q.description]), [['It is early days, and the price gap is still wide', 'the source']])
})

t.test('conventions met on a second reading of real pages (catalogue 48-71)', async (t) => {
  // A family is an unnamed source, and "the statement continued" stays theirs.
  t.same(parse('Mr Fenwick’s family said: "Tomas lived for the sea."', 'The statement continued: "We ask for privacy."').quotes.map((q) => [q.text, q.speakerName, q.description]),
    [['Tomas lived for the sea.', null, 'Mr Fenwick’s family'], ['We ask for privacy.', null, 'Mr Fenwick’s family']])
  // A named relative, a role before the name, a time between subject and verb.
  t.same(quotesOf('His partner Aoife paid tribute by posting: "You were the bravest man I knew."'), [['You were the bravest man I knew.', 'Aoife']])
  t.same(quotesOf('"The roof was already involved," said the county\'s deputy fire marshal, Renata Solis.'), [['The roof was already involved', 'Renata Solis']])
  t.same(quotesOf('Treasurer Cameron Dick earlier today insisted he had “zero interest” in the job.'), [['zero interest', 'Cameron Dick']])
  // Initials, and a misspelt or first-name-only mention of someone named in full.
  t.same(quotesOf('R.J. Kowalczyk runs the bakery.', '"We will open again," Kowalczyk said.'), [['We will open again', 'R.J. Kowalczyk']])
  t.same(quotesOf('Opposition leader Ali Khurshid spoke.', '"We have waited two years," Khurshidi said.'), [['We have waited two years', 'Ali Khurshid']])
  // Garbled marks, and a double quote closed by a single mark.
  t.same(quotesOf('â€œThe files are public,â€ said Shazia Marri.'), [['The files are public', 'Shazia Marri']])
  t.same(quotesOf('Bernadette Quirke said: "I keep expecting to hear his van outside.\''), [['I keep expecting to hear his van outside.', 'Bernadette Quirke']])
  // One opening mark over two paragraphs, after a press-release label.
  t.same(quotesOf('Lena Marklund, Chief Executive of Harwick Cement, comments:', '"The quarter shows what a modern kiln can do.', 'Demand from housing is still weak.”'),
    [['The quarter shows what a modern kiln can do. Demand from housing is still weak.', 'Lena Marklund']])
  // Scare quotes after "no", and names given with "branded the".
  t.same(quotesOf('Analysts said the firm charged no "green" surcharge on a range it has branded the "Clearset line".'), [])
})

t.test('conventions met on a third reading of real pages (catalogue 73-86)', async (t) => {
  // Two people sharing a surname: the title's gender, else the one named or quoted last.
  t.same(quotesOf('Ted Parrott and his wife Pamela Parrott were fined.', 'Mrs Parrott said: “We are sorry.”', '“The hedge was there first,” Mr Parrott said.',
    'Pamela said they would plant a new one. “We will pay,” Parrott said.'),
  [['We are sorry.', 'Pamela Parrott'], ['The hedge was there first', 'Ted Parrott'], ['We will pay', 'Pamela Parrott']])
  // "Coun" is a title, and an organisation before a name is not part of it.
  t.same(quotesOf('Coun Mara Pell said the scheme was “rushed and unfair”.'), [['rushed and unfair', 'Mara Pell']])
  t.same(quotesOf('Kelderby Council Stephen Oduya said: “The costs will be published.”'), [['The costs will be published.', 'Stephen Oduya']])
  // A description named only in the next sentences (cataphora).
  t.same(quotesOf('The leader of Kelderby council has apologised for calling objectors “a bunch of fossils”.', 'Coun Harriet Mossop, who leads the ruling group, said she regretted it.'),
    [['a bunch of fossils', 'Harriet Mossop']])
  // A role the story never names stays an unnamed source, also when someone else is named in the same sentence.
  const minister = parse('Addressing a meeting, the minister said the law would change.', '“The rules are forty years old,” he said.',
    'Asked about campaigner Joan Petrie, the minister said: “I have not met her.”')
  t.same(minister.quotes.map((q) => [q.text, q.speakerName, q.description]),
    [['The rules are forty years old', null, 'the minister'], ['I have not met her.', null, 'the minister']])
  // "His … Motion reads:" is the owner's words; "The statement from … reads," introduces the quote below.
  t.same(quotesOf('Opposition leader Coun Bernard Ashdown tabled the motion.', 'His Green Paper Motion reads: “This Council has lost the trust of the town.”'),
    [['This Council has lost the trust of the town.', 'Bernard Ashdown']])
  t.same(quotesOf('Kelderby Borough Council closed the matter.', 'The statement from the council’s press office reads,', '“The matter is now closed.”'),
    [['The matter is now closed.', 'Kelderby Borough Council']])
  // "she adds." before a quote paragraph; "hit out at X for ‘…’".
  t.same(quotesOf('Weaver Ana Ruiz spoke at the fair.', 'Cloth is given at weddings, she adds.', '“The practice is old and shared.”'),
    [['The practice is old and shared.', 'Ana Ruiz']])
  t.same(quotesOf('Minister Ravi Rao hit out at the opposition for ‘blocking the house’.'), [['blocking the house', 'Ravi Rao']])
  // A name the tagger does not know, set off by commas after its title, is "he" in the next paragraph.
  t.same(quotesOf('The Head, Legal Services, Chukwuemeka Obiora, in a letter on Sunday, described the dispute as regrettable.', 'He said, “Residents should talk first.”'),
    [['Residents should talk first.', 'Chukwuemeka Obiora']])
  // A longer name the story gives completes a double surname; a title after a comma frame is the person's.
  t.same(quotesOf('Judge Amy Rowe Kent passed sentence.', '“Witnesses do not decide for themselves,” Rowe Kent said.'), [['Witnesses do not decide for themselves', 'Amy Rowe Kent']])
  t.same(quotesOf('The Federal Minister for Information, Pervez Rashid, spoke to journalists.', 'The minister said: “Talks will continue.”'), [['Talks will continue.', 'Pervez Rashid']])
  // UTF-8 read as Windows-874 (Thai): the marks' lost bytes told apart by their neighbours.
  t.same(quotesOf('A court spokesman said: โThe case is now closed.โ'), [['The case is now closed.', null]])
  // A standfirst repeated as the start of the lead paragraph: the lead stays.
  t.same(quotesOf('Mayor Ines Soto said rivals are "out of ideas and out of time".', 'Mayor Ines Soto said rivals are "out of ideas and out of time". She spoke at the depot on Monday.'),
    [['out of ideas and out of time', 'Ines Soto']])
})

t.test('conventions met on a third set of real pages (87–102)', async (t) => {
  // A double-barrelled surname in an appositive; four names after a title.
  t.same(quotesOf('Minister of Ports, Kwesi Ampofo-Darko, has said the harbour will not be sold.', '“We are not selling the harbour,” he stressed.'),
    [['We are not selling the harbour', 'Kwesi Ampofo-Darko']])
  t.same(quotesOf('President Ama Serwaa Boateng Mensah-Ofori opened the bridge.', '“It took nine years,” she said.'), [['It took nine years', 'Ama Serwaa Boateng Mensah-Ofori']])
  // Where it was said, between subject and verb; reported speech that goes on after its verb.
  t.same(quotesOf('The Kessel Weather Office (KWO) issued a warning.', 'KWO in a statement said: “A cold front will cross the coast tonight.”'),
    [['A cold front will cross the coast tonight.', 'Kessel Weather Office']])
  t.same(quotesOf('Meanwhile, Governor Tomas Eklund in a radio interview on May 3 stated that the region was not alone, noting that prices had risen everywhere.', '“No province is escaping this.”'),
    [['No province is escaping this.', 'Tomas Eklund']])
  // A title the tagger reads as a verb; a caption line between two answers.
  t.same(quotesOf('Coach Lindqvist reacts:', '“The better team won today.”', 'The Reds kept a tenth clean sheet of the league season this year', '‘We defended well as a unit.’'),
    [['The better team won today.', 'Lindqvist'], ['We defended well as a unit.', 'Lindqvist']])
  // A document owned by someone; a club's title; "Speaker"; a party-state tag.
  t.same(quotesOf('Finance Minister Kofi Asante announced the cuts.', '“Other countries face the same,” the minister’s statement said.'), [['Other countries face the same', 'Kofi Asante']])
  t.same(quotesOf('Press secretary Dana Moss spoke on Friday.', "Moss's full statement:", '"We are confident both bills will pass."'), [['We are confident both bills will pass.', 'Dana Moss']])
  t.same(quotesOf('Rovers manager Ian Holt was pleased.', 'Rovers’ manager also praised the visitors:', '“They were the best side we have played.”'),
    [['They were the best side we have played.', 'Ian Holt']])
  t.same(quotesOf('Speaker Dana Whitfield said there was an "overwhelming majority" for the bill.'), [['overwhelming majority', 'Dana Whitfield']])
  t.same(quotesOf('Sen. Ray Doyle, R-Iowa., a lead negotiator, said the talks were “very upbeat” on Friday.'), [['very upbeat', 'Ray Doyle']])
  // Two single marks for a double one; a missing closing mark before the attribution.
  t.same(quotesOf('Police spokesman Chidi Okafor said: “The suspect was arrested in the district.’’'), [['The suspect was arrested in the district.', 'Chidi Okafor']])
  t.same(quotesOf('Chief Minister Ravi Rao met the officers.', '“There will be no delay in this. A review is due soon, added Rao.'),
    [['There will be no delay in this. A review is due soon', 'Ravi Rao']])
  // A photo description above its credited caption inside a quote; a crosshead that is only a quote.
  t.same(quotesOf('Inspector Mia Cole said the man was armed.', '"He ran at officers with a knife.', 'A dented car door.', 'A dented door on the patrol car.(ABC News)', '"Officers then fired at him twice."'),
    [['He ran at officers with a knife. Officers then fired at him twice.', 'Mia Cole']])
  t.same(quotesOf('Inspector Mia Cole said the man was armed.', '"He ran at officers," she said.', "'I still hear the sirens'", 'A neighbour said he was shaken.'),
    [['He ran at officers', 'Mia Cole']])
  // "he said" after a paragraph about someone that names other men last; an introducing line with "he".
  t.same(quotesOf('Captain Ravi Nair spoke after the win.', '“A proud day,” he said.', 'Nair refused to single anyone out, but praised the bowlers, Anil Mehta and Sunil Joshi.', '“The bowlers won us the series,” he said.'),
    [['A proud day', 'Ravi Nair'], ['The bowlers won us the series', 'Ravi Nair']])
  // A description named later as the subject of a speech verb in a comma frame; a colon line that names nobody.
  t.same(quotesOf('THE leader of Kelderby council has hit out at “armchair critics” online.', 'In a letter, the chairman of Kelderby Town Council, Coun Ed Pryce, told members the council had done well.'),
    [['armchair critics', 'Ed Pryce']])
  t.same(quotesOf('Rovers manager Ian Holt analysed the win against the champions with reporters.', 'It was a game that meant little for either side, but mattered for pride:', '“We finished the season the right way.”'),
    [['We finished the season the right way.', 'Ian Holt']])
})

t.test('conventions met on a fourth set of real pages (104–110)', async (t) => {
  // A club's own interview: "We spoke to <title> <Name>" makes the interviewee "he", not the last man named.
  t.same(quotesOf('We spoke to defender Luka Brennagh after his late header against Harwick, a flick from a corner by keeper Ossian Trant.', '“That one will stay with me for a while,” he smiled.', '“The lads never stopped running,” he told us.'),
    [['That one will stay with me for a while', 'Luka Brennagh'], ['The lads never stopped running', 'Luka Brennagh']])
  // A descriptor or an age as the subject; a first paragraph that names a player the tagger does not know.
  t.same(quotesOf('Eero Valtanen just keeps finding the net for Kelby Town.', 'He scored again at home on Saturday.', '“We earned it in the end,” the summer signing said.', 'Valtanen arrived on a free transfer in June.', '“I feel at home here,” the 27-year-old added.'),
    [['We earned it in the end', 'Eero Valtanen'], ['I feel at home here', 'Eero Valtanen']])
  // A picture credit that ends a caption line, with or without brackets, is not a name.
  t.same(quotesOf('Eero Valtanen celebrates his goal against Harwick Picture: Ana Dole/Pitchside Images Ana Dole', 'Eero Valtanen just keeps finding the net for Kelby Town.', 'Valtanen was happy.', '“It was a hard game,” the forward said.'),
    [['It was a hard game', 'Eero Valtanen']])
  t.same(quotesOf('The band played its last show in May (Picture: Ruth Amber/Cobble Agency)', 'Bassist Noor Vale said: ‘We will miss the road.’'), [['We will miss the road.', 'Noor Vale']])
  // An unsigned statement is nobody's, not the last person named; "according to a statement" leaves "he said" the speaker.
  t.same(parse('Singer Tomas Arden died at home on Sunday, his agent said.', '"We are heartbroken and ask for privacy," read a statement.').quotes.map((q) => [q.text, q.speakerName, q.description]),
    [['We are heartbroken and ask for privacy', null, 'a statement']])
  t.same(quotesOf('Chief Minister Asha Raval toured the districts.', 'At a review, she said: ‘Work is moving in days, not months,’ according to an official release.'),
    [['Work is moving in days, not months', 'Asha Raval']])
  // Verbs met on real pages: "rants", "paid tribute … as", "mourned"; a musician's title before the name.
  t.same(quotesOf('Manager Colm Dermody was furious after the defeat.', '“The referee had a shocker,” he rants. “It’s a disgrace.”'),
    [['The referee had a shocker', 'Colm Dermody'], ['It’s a disgrace.', 'Colm Dermody']])
  t.same(quotesOf('Singer Lia Moreno paid tribute to him as "the kindest drummer I ever met."', 'A post by the band Glasshouse mourned the "loss of a brother".'),
    [['the kindest drummer I ever met.', 'Lia Moreno'], ['loss of a brother', 'Glasshouse']])
  // A firefighter is an unnamed source like a resident.
  t.same(parse('The fire reached the ridge by noon.', '“The wind keeps turning on us,” said one firefighter, who had been on the line all night.').quotes.map((q) => [q.speakerName, q.description]),
    [[null, 'one firefighter']])
  // A US party and state in brackets after the name, on either side of the quote.
  t.same(quotesOf('The vote ran late into the night.', '“I will not vote for a single amendment,” said Sen. Dale Hurst (D-W.Va.) in an interview. “The deal is the deal.”', 'Sen. Ivy Crane (R-Ky.) said: “The debt limit is the problem.”'),
    [['I will not vote for a single amendment', 'Dale Hurst'], ['The deal is the deal.', 'Dale Hurst'], ['The debt limit is the problem.', 'Ivy Crane']])
  // Vox pops and transcripts: a label line after (or before) a paragraph that is only a quote.
  t.same(quotesOf('Do you ride the new tram?', '“Every day. It is quicker than the bus.”', 'Marta, nurse, 41', '“Never. The stops are too far apart.”', 'Jonas, student, 19', 'The council will publish its own survey of riders in May.'),
    [['Every day. It is quicker than the bus.', 'Marta'], ['Never. The stops are too far apart.', 'Jonas']])
  t.same(quotesOf('Tomas Quill, Minister of Works and Housing', '"We are not closing the road. We are repairing it, and it will reopen in a week."', 'Channel 7'),
    [['We are not closing the road. We are repairing it, and it will reopen in a week.', 'Tomas Quill']])
})

t.test('conventions met on a fifth set of real pages (112–118)', async (t) => {
  // A question or an exclamation closing the quote, then "Name said": one sentence, the name is the speaker.
  t.same(quotesOf('The weather was cold and the streets were empty.', '"Why should an island wait a week for a doctor?" Senator Dilao said. "Nobody would accept that."', '“Stop it now!” Cole shouted.'),
    [['Why should an island wait a week for a doctor?', 'Dilao'], ['Nobody would accept that.', 'Dilao'], ['Stop it now!', 'Cole']])
  // A conjunction opening a sentence is no first name; a club ("Rovers", "Palace") or a "Transit System" is no man.
  t.same(quotesOf('Manager Ivo Marsh spoke to reporters on Friday.', 'Although Kelby do seem to have a hectic week, Marsh was calm.', '"We play three games in six days," he said.'),
    [['We play three games in six days', 'Ivo Marsh']])
  t.same(quotesOf('Minister for Transport Hana Velkov on Wednesday said the city had ignored the Regional Rapid Transit System.', '“My ministry alone built twelve stations,” he said.').map(([, s]) => s === 'Rapid Transit System'), [false])
  // An owner's possessive before a name: "Bloomberg’s Eric Roston".
  t.same(quotesOf('Radio Delta’s Tamsin Oyelade told listeners the line was busy.', '“Everyone wants to know about fares,” Oyelade said.'),
    [['Everyone wants to know about fares', 'Tamsin Oyelade']])
  // An appositive whose closing comma is missing before the verb.
  t.same(quotesOf('However, Teodor Pinsk, head of freight at the company said: “We do not have the crews yet.”'),
    [['We do not have the crews yet.', 'Teodor Pinsk']])
  t.same(quotesOf('Ivo Marsh, manager Tom Neale said: “We were poor.”'), [['We were poor.', 'Tom Neale']])
  // A programme after a broadcaster's possessive is a title, not a quote.
  t.same(quotesOf('In an interview on Radio Delta’s ‘Morning Desk,’ Dilao said the sailings would start in June.'), [])
  // A nickname in marks inside a name: neither a quote nor part of the name.
  t.same(quotesOf('Senate Leader Carmela “Mela” Sarmiento said the bill would pass.', '“We have the votes,” Sarmiento said.'),
    [['We have the votes', 'Carmela Sarmiento']])
  t.same(quotesOf('Senate Leader Carmela Sarmiento spoke after the vote.', '“I called Juan Miguel ‘Migz’ Zubiri last night and he agreed,” Sarmiento said.'),
    [['I called Juan Miguel ‘Migz’ Zubiri last night and he agreed', 'Carmela Sarmiento']], 'a nickname inside a quote stays in its words')
  // Review: what the rules above must not take.
  t.same(quotesOf('Mayor Ana Reyes asked: “Why now, after ten years?” Senator Tom Reed said the timing was fine.'),
    [['Why now, after ten years?', 'Ana Reyes']], 'an attributed question is not joined to the next sentence')
  t.same(quotesOf('The crowd chanted “Out, out, out!” Mayor Ana Reyes said the protest was peaceful.'), [],
    'a chant inside a sentence is not given to the person who speaks next')
  for (const opener of ['Unlike', 'Regarding', 'Thanking', 'Praising', 'Near']) {
    t.notSame(quotesOf(`${opener} Ana Reyes, the mayor said: “We will appeal the ruling.”`).map(([, speaker]) => speaker), [`${opener} Ana Reyes`],
      `"${opener}" is no part of a name`)
  }
  t.same(quotesOf('Minister for Transport Hana Velkov on Wednesday said the city had ignored the Regional Rapid Transit System.', '“My ministry alone built twelve stations,” he said.'),
    [['My ministry alone built twelve stations', 'Hana Velkov']])
})

t.test('a seventh reading of real pages: titles, initials, credits, dashes and missing commas', async (t) => {
  // A spokesperson "for the Secretary-General" is not the Secretary-General; a title nobody was given stays unnamed.
  t.same(parse('The briefing was given by Orla Penrose, Spokesperson for the Chief Justice.', 'The Chief Justice told lawyers, “Bail is a right.”').quotes.map((q) => [q.text, q.speakerName, q.description]),
    [['Bail is a right.', null, 'the Chief Justice']])
  // "the Union Minister": capitals that end in a title are a role, resolved to the person named with it.
  t.same(quotesOf('Union Minister Ravi Nair opened the road. Chief Minister Lina Obuya was there.', '“Travel time will halve,” the Union Minister said.'),
    [['Travel time will halve', 'Ravi Nair']])
  // A relative clause whose closing comma is missing: the subject is before "who", not the name inside it.
  t.same(quotesOf('Inspector-General of Police Halima Oduya spoke on Monday.', 'The Inspector-General, who met councillor Ben Tull said the force was worried.', '“We will patrol the piers at night.”'),
    [['We will patrol the piers at night.', 'Halima Oduya']])
  // Initials run together are part of the name, and do not end the sentence.
  t.same(quotesOf('Judge A.B. Karimi of the Harbour Circuit said: “A cell is not a waiting room.”'), [['A cell is not a waiting room.', 'A.B. Karimi']])
  t.same(quotesOf('“It is hard,” said J.K. Rowe.'), [['It is hard', 'J.K. Rowe']])
  // A photographer's credit ends a caption: no part of the name after it.
  t.same(quotesOf('Foreign Ministry Spokeswoman Vera Orlova Ivan Petrov/TASS', 'Foreign Ministry Spokeswoman Vera Orlova said on Sunday the office had not replied.', '“We asked twice,” she said.'),
    [['We asked twice', 'Vera Orlova']])
  // Verbs of asking and affirming.
  t.same(quotesOf('Councillor Marta Silvani spoke at the meeting.', '“Who pays for the fuel?” she questioned.', '“The piers stay open,” Silvani affirmed.'),
    [['Who pays for the fuel?', 'Marta Silvani'], ['The piers stay open', 'Marta Silvani']])
  // A dash, then the speaker and no verb.
  t.same(quotesOf('“We were to blame” – Wigan’s Rob Marr after a 4-0 defeat.', '“It was not our system” – Barnet boss Lee Clarke (lost 5-2 at Hull).'),
    [['We were to blame', 'Rob Marr'], ['It was not our system', 'Lee Clarke']])
  // An appositive that opens with its organisation's name and misses its closing comma.
  t.same(quotesOf('Jerald G. Fishman, Analog Devices president and chief executive said sales would “improve as the market recovers.”'),
    [['improve as the market recovers.', 'Jerald G. Fishman']])
  // Marks garbled to "ā" (UTF-8 read as ISO-8859-13) on an English page; real macrons are left alone.
  t.same(quotesOf('āSilence is not an answer,ā Amaka Eze said of the regionsā treasurers.'), [['Silence is not an answer', 'Amaka Eze']])
  t.same(quotesOf('“Kia ora,” said Tama Ngāti of the Māori council. “We waited for a year.”').map(([text]) => text), ['Kia ora', 'We waited for a year.'])
  // Review: what the rules above must not take.
  t.same(quotesOf('Prices rose “sharply” – a rise the bank expected.'), [], 'a dash before a description gives no speaker')
})

t.test('an eighth reading of real pages: headings in capitals, portfolios, places, unnamed roles, according to (131–139)', async (t) => {
  // A heading in capitals names the speaker of the quote paragraphs under it, up to the next heading.
  t.same(quotesOf('Both coaches spoke after the final.', 'PETRA LUND – HEAD COACH, NORTH HARBOUR', '“We were slow in the first half.”', '“The bench changed it.”',
    'ARNE VOSS – CAPTAIN, EAST QUAY', '“We ran out of legs.”'),
  [['We were slow in the first half.', 'Petra Lund'], ['The bench changed it.', 'Petra Lund'], ['We ran out of legs.', 'Arne Voss']])
  // "and" inside a portfolio: the word after it is no first name.
  t.same(quotesOf('Minister of Fisheries and Development Kalani Reyes said, “The quota stands.”'), [['The quota stands.', 'Kalani Reyes']])
  // A region before the name, and a title that opens with the letters of "as" or "in".
  t.same(quotesOf('Speaking on the radio, Assistant Commissioner for the Lakeside Metropolitan Region Ines Varga, said the rumours were false.', '"People are spreading lies," she said.'),
    [['People are spreading lies', 'Ines Varga']])
  // Magistrates' titles; a rep for an organisation is an unnamed source of it.
  t.same(quotesOf('Principal Magistrate Oduor Kamau ruled on Friday. “The suspect must be produced,” he ruled.'), [['The suspect must be produced', 'Oduor Kamau']])
  t.same(parse('A rep for the Harbour Police Department tells ET, "Officers attended at noon."').quotes.map((q) => [q.speakerName, q.description, q.organization]),
    [[null, 'a rep for the Harbour Police Department', 'Harbour Police Department']])
  // "he" in a story that never names him: the role the sentence before is about, as an unnamed source.
  t.same(parse('A furious coach was sent to the stands on Sunday.', 'The coach’s protest earned a fine, but he did not apologise. “It was a clear goal,” he said.')
    .quotes.map((q) => [q.text, q.speakerName, q.description]), [['It was a clear goal', null, 'a furious coach']])
  // A partial quote vouched for by "according to X" later in its sentence; an owner before an organisation's own name.
  t.same(quotesOf('Parts of the coast face “serious shortfalls” in rain, according to the national government’s Bureau of Climate, with more dry months ahead.'),
    [['serious shortfalls', 'Bureau of Climate']])
  // The outlet after the speaker's verb reported the words; it did not say them.
  t.same(quotesOf('Fire chief Omar Haddad stated, according to the Daily Tide, “the crews arrived in four minutes.”'), [['the crews arrived in four minutes.', 'Omar Haddad']])
  // "It" after a sentence about a document, with no organisation in the story: the document, unnamed.
  t.same(parse('Residents say the works are late.', 'The letter from the town hall says the resurfacing was due in May. It goes on to state: "we regret the delay."').quotes
    .map((q) => [q.speakerName, q.description]), [[null, 'the letter from the town hall']])
  // An editor's line is no speaker, and a chrome line is not joined to the story's next line.
  t.same(quotesOf('Edited by Rosa Quint', 'The premier says the plan needs time to "fully settle".'), [['fully settle', null]])
  t.same(parse('Title', 'Ada Moss said the road was bad.', 'WATCH: Roadworks slow traffic', 'In an email, spokesperson Ian Petrie said the crews were busy.', '“We will fix the holes this week.”')
    .quotes.map((q) => [q.text, q.speakerName]), [['We will fix the holes this week.', 'Ian Petrie']])
})

t.test('a document owned by "his", "her" or "its" after the quote is its owner\'s', async (t) => {
  t.same(quotesOf('Governor Ali Warsame denied the remark.', '“It has come to my attention that my words were twisted,” his statement read.'),
    [['It has come to my attention that my words were twisted', 'Ali Warsame']])
  t.same(quotesOf('Brightwater Lines said it would raise fares. “The levy is charged per crossing,” its statement read.'),
    [['The levy is charged per crossing', 'Brightwater Lines']])
})

t.test('an unsigned document vouches for a partial quote when nobody is named', async (t) => {
  t.same(parse('The harbour wall was “in urgent need of repair”, according to a coastguard report.').quotes.map((q) => [q.text, q.speakerName, q.description]),
    [['in urgent need of repair', null, 'a coastguard report']])
})

t.test('a gerund hangs its quote on the sentence\'s subject, not the last name before it', async (t) => {
  t.same(quotesOf('Ronan Devlin noted how hard it was to watch as Ireland lost to Japan, saying:', 'It’s tough to watch when you’re not involved.”'),
    [['It’s tough to watch when you’re not involved.', 'Ronan Devlin']])
})

t.test('a narrative paragraph that names the speaker last does not end the run', async (t) => {
  t.same(quotesOf('“Our bench is strong,” captain Dev Raghavan said.', 'The side recovered against Tom Hale’s team and Raghavan was full of praise.', '“The comeback pleased me most.”'),
    [['Our bench is strong', 'Dev Raghavan'], ['The comeback pleased me most.', 'Dev Raghavan']])
})

t.test('a title and a name whose closing comma is missing; a bare quote paragraph after it', async (t) => {
  t.same(quotesOf('The Northern Isles Regional Commissioner, Marta Kovalenko Ruiz has defended the levy.', '“People forget what the levy pays for”.',
    '“We had no other option,” the Regional Commissioner said.'),
  [['People forget what the levy pays for', 'Marta Kovalenko Ruiz'], ['We had no other option', 'Marta Kovalenko Ruiz']])
})

t.test('"forecast" and other reporting verbs', async (t) => {
  t.same(parse('Executives forecast that winter bookings would fall “a little, not a lot”.').quotes.map((q) => [q.text, q.description]),
    [['a little, not a lot', 'Executives']])
})

t.test('an opening single mark typed to close', async (t) => {
  t.same(quotesOf('Tunde Makinwa said the plan had been ‘sensible‘ and described the reports as ‘careless‘.'),
    [['sensible', 'Tunde Makinwa'], ['careless', 'Tunde Makinwa']])
})

t.test('a signed statement over five unmarked paragraphs', async (t) => {
  const quotes = quotesOf('According to a press statement signed by Tunde Makinwa, Special Adviser (Media) to the Minister, “We wish to correct the reports:',
    'The minister was never invited.', 'She was in Accra that week.', 'Names are sometimes announced without an invitation.', 'It is wrong to say she stayed away.',
    'Organisers should confirm attendance first.”')
  t.same(quotes.map(([, speaker]) => speaker), ['Tunde Makinwa'])
  t.match(quotes[0]?.[0] ?? '', /^We wish to correct the reports: The minister was never invited\..*confirm attendance first\.$/)
})

t.test('a photo credit glued into the lead is not part of the name', async (t) => {
  t.same(quotesOf('Astronomy student Priya Lindqvist Credit: Northfield University Last spring, student Priya Lindqvist noticed a faint patch.', '"I thought it was dust," Lindqvist said.'),
    [['I thought it was dust', 'Priya Lindqvist']])
})

t.test('one word in quotes after "the" is the writer\'s term', async (t) => {
  t.same(quotesOf('Priya Lindqvist said she checked each of the "flagged" frames by hand.'), [])
})

t.test('speakers at an event are an unnamed source', async (t) => {
  t.same(parse('Speakers at the open day questioned why the team had missed "such an obvious patch".').quotes.map((q) => [q.text, q.speakerName, q.description]),
    [['such an obvious patch', null, 'speakers at the open day']])
})

t.test('a speech verb with two letters swapped still introduces a quote', async (t) => {
  t.same(quotesOf('Board chair Ruth Okonjo siad: “The harbour is stronger for it.”'), [['The harbour is stronger for it.', 'Ruth Okonjo']])
  t.same(quotesOf('Leader of the council Ada Finch adedd: “We will miss him.”'), [['We will miss him.', 'Ada Finch']])
})

t.test('"He said:" after a paragraph about "he" that follows one naming another man last', async (t) => {
  t.same(quotesOf('Marcus Ellery joined the board as chief executive in 2019, taking over from Denis Holloway.',
    'Last week he confirmed that he will leave in March.', 'He said: “It has been a privilege.”'),
  [['It has been a privilege.', 'Marcus Ellery']])
})

t.test('gardaí are an unnamed source, and "Co Wexford" is a county, not a company', async (t) => {
  t.same(parse('Gardaí said they were “examining footage from the quayside” after a van was damaged in Co Wexford.',
    '“Anyone who was near the slipway should contact the station,” the Garda statement said.').quotes.map((q) => [q.text, q.speakerName, q.description]),
  [['examining footage from the quayside', null, 'gardaí'], ['Anyone who was near the slipway should contact the station', null, 'gardaí']])
})

t.test('"according to the statement" after "a statement signed by X" is X', async (t) => {
  t.same(quotesOf('The command spoke via a press statement signed by SP Chidera Okonkwo, Police Public Relations Officer Eastgate State Command.',
    'According to the statement, “No new commissioner has been posted to the state.”'),
  [['No new commissioner has been posted to the state.', 'Chidera Okonkwo']])
})

t.test('a transcript heading that gives the role before the name', async (t) => {
  t.same(quotesOf('WESTHAVEN COACH, IMOGEN TALLIS:', '“We did not give them the finish they deserved.”', '“We will rest.”',
    'NORTH HARBOUR COACH, DELPHINE ACHTERBERG:', '“It was a very tight game.”'),
  [['We did not give them the finish they deserved.', 'Imogen Tallis'], ['We will rest.', 'Imogen Tallis'], ['It was a very tight game.', 'Delphine Achterberg']])
  t.same(quotesOf('IMOGEN TALLIS, WESTHAVEN COACH:', '“We will rest, and then we start planning for next season.”'),
    [['We will rest, and then we start planning for next season.', 'Imogen Tallis']])
})

t.test('"he" after an opening clause that names the interviewer is not the interviewer', async (t) => {
  t.same(quotesOf('Fergal Kinsella said those responsible forced the door at 11 p.m. that night on the Marine Parade.',
    'He is pleading with people who saw the break-in to co-operate with gardaí.',
    'Speaking with Peter Murtagh on Harbour FM this morning, he said “Somebody saw something, and I am asking them to come forward.”'),
  [['Somebody saw something, and I am asking them to come forward.', 'Fergal Kinsella']])
})

t.test('a title-case headline verb after a name is not part of the name', async (t) => {
  t.same(quotesOf('Harbour Party Councillor Niamh Ostrander Pleads for Calm After Quarry Blast.',
    'Councillor Niamh Ostrander has pleaded for people to stay calm:', '“Nobody was hurt, and the fire service has the area closed off.”'),
  [['Nobody was hurt, and the fire service has the area closed off.', 'Niamh Ostrander']])
})

t.test('"Investigating Gardaí" is an unnamed source, and "they" in the next paragraph is them', async (t) => {
  t.same(parse('Investigating Gardaí are now appealing to anyone who was on the Mill Road that afternoon to come forward.',
    '“Gardaí are also asking anyone with dash cam footage from the area to contact the station,” they add.').quotes.map((q) => [q.text, q.speakerName, q.description]),
  [['Gardaí are also asking anyone with dash cam footage from the area to contact the station', null, 'investigating Gardaí']])
})

t.test("TeX-style ``…'' marks are quotation marks", async (t) => {
  t.same(quotesOf("Ilse Marchetti said the company would not add ships. ``We are not going to chase volume,'' she said."),
    [['We are not going to chase volume', 'Ilse Marchetti']])
})

t.test('a page cut off inside a short last quote keeps that quote', async (t) => {
  t.same(quotesOf('WESTHAVEN CAPTAIN, TOMAS EKWUEME:', '“I am proud of how the younger players stood up when it got hard.”', '“I would give us six out of ten for the whole match'),
    [['I am proud of how the younger players stood up when it got hard.', 'Tomas Ekwueme'], ['I would give us six out of ten for the whole match', 'Tomas Ekwueme']])
})

t.test('a closing mark typed as the opener after an introducing colon or comma opens the quote', async (t) => {
  t.same(quotesOf('The command’s spokesman, SP Kelechi Amadasun, paraded the suspects on Thursday.',
    'According to him, ” The arrests followed a week of surveillance on the market.”;', 'Amadasun later told reporters:” Nobody will be harassed for giving information.”'),
  [['The arrests followed a week of surveillance on the market.', 'Kelechi Amadasun'], ['Nobody will be harassed for giving information.', 'Kelechi Amadasun']])
})

t.test('a name in a list of suspects is not whom "him" means', async (t) => {
  t.same(quotesOf('The Public Relations Officer, SP Kelechi Amadasun, paraded the suspects in Ikedu.',
    'The suspects are Bashiru Lawal, Emeka Chidozie, Tunde Fashola, and Segun Olaniyan, all of the market area.',
    'According to him, “The arrests followed a week of surveillance.”'),
  [['The arrests followed a week of surveillance.', 'Kelechi Amadasun']])
})

t.test('"the Minister" is not the Prime Minister named since, and initials stay with the name', async (t) => {
  t.same(quotesOf('Union Minister for Railways K. Raghunath Rao said on Saturday that the meeting was nothing unusual.',
    'Mr. Rao said the critics were only opposing Prime Minister Arvind Sethi.', '“Ask them why the lines were stuck for ten years,” asked the Minister.'),
  [['Ask them why the lines were stuck for ten years', 'K. Raghunath Rao']])
})

t.test('a name the tagger does not know, opening a sentence with an appositive and "said", is a later "he"', async (t) => {
  t.same(quotesOf('The mayor of Corriebank, Graham Tolley, said his council once took a call about a rooster.',
    'Tavi Brannagh-Seo, mayor of Wyndmoor in the valley’s north, said his staff hear something new every day.',
    '"We had a man ring to ask us to collect a sofa from his roof," he said.'),
  [['We had a man ring to ask us to collect a sofa from his roof', 'Tavi Brannagh-Seo']])
})

t.test('a party in brackets after the name', async (t) => {
  t.same(quotesOf('The parking decision was postponed again.', "County councillor Rhys Penmaen (Green) says 'We will not cut collections to pay for call centres.'"),
    [['We will not cut collections to pay for call centres.', 'Rhys Penmaen']])
})

t.test('DI and DCI before a surname are titles; detectives with a clause are an unnamed group', async (t) => {
  const article = parse("Detectives investigating an assault on a towpath in Hollinsby have pledged to leave 'no stone unturned'.",
    'Detective Inspector Marcia Thorne is leading the inquiry.', 'DI Thorne said: "The cyclist is not in any trouble."',
    'DCI Owen Prydderch added: "We have more officers on the towpath this week."')
  t.same(article.quotes.map((q) => [q.text, q.speakerName, q.description]), [
    ['no stone unturned', null, 'Detectives investigating an assault on a towpath in Hollinsby'],
    ['The cyclist is not in any trouble.', 'Marcia Thorne', null],
    ['We have more officers on the towpath this week.', 'Owen Prydderch', null],
  ])
})

t.test('a title-case caption line "Name - Role" over the quotes', async (t) => {
  t.same(quotesOf('The emergency office opened a shelter this evening. Here is what she said:\nMarisol Quan - Deputy Fire Chief\n"Nobody should wait until the water is inside the house."'),
    [['Nobody should wait until the water is inside the house.', 'Marisol Quan']])
})

t.test('an -ly sentence adverb is not a subject; a quote after narrative naming nobody is the last speaker’s', async (t) => {
  t.same(quotesOf('“It was like watching a recording played back at speed,” says lead author Tamsin Okwuosa.',
    'The team followed twelve bats for three months. Remarkably, the replay also showed turns the bats had not yet taken.',
    '“We think this is how a young bat learns to find fruit trees it has never visited'),
  [['It was like watching a recording played back at speed', 'Tamsin Okwuosa'], ['We think this is how a young bat learns to find fruit trees it has never visited', 'Tamsin Okwuosa']])
})

t.test('a gerund straight after the name that follows the quote', async (t) => {
  t.same(quotesOf('Lead author Tamsin Okwuosa spoke to reporters.', '“It means the bats are doing something with the route,” says Okwuosa noting that the replay was strongest after long flights.'),
    [['It means the bats are doing something with the route', 'Tamsin Okwuosa']])
})

t.test('a generational suffix keeps its stop', async (t) => {
  t.same(quotesOf('Defensive coordinator Joe Whitt Jr. said the stop came at the right time.', '“That is winning time,” Joe Whitt Jr. said.'),
    [['That is winning time', 'Joe Whitt Jr.']])
})

t.test('a live press-conference page: question lines, and the headline names who answers (181)', async (t) => {
  const article = parseArticle(['Rovers v Athletic: Ines Calloway press conference LIVE as boss gives team news', 'Dunmore, he is a doubt then?',
    '“He has a bruised heel. We will see on Friday.”', 'What about the new signing?', '“He trained well and he will be in the squad.”'].join('\n\n'))
  t.same(article.quotes.map((q) => [q.text, q.speakerName]),
    [['He has a bruised heel. We will see on Friday.', 'Ines Calloway'], ['He trained well and he will be in the squad.', 'Ines Calloway']])
  // Without the headline's host, a question line still names nobody who answers.
  t.same(quotesOf('Dunmore, he is a doubt then?', '“He has a bruised heel. We will see on Friday.”'), [])
})

t.test('a lower-case partial quote after "the article" is said, and a time phrase keeps the speaker (182, 183)', async (t) => {
  t.same(quotesOf('Solicitor Hamish Ardleigh said the claims in the article "are serious and troubling" and would be answered.'),
    [['are serious and troubling', 'Hamish Ardleigh']])
  t.same(quotesOf('“We have asked for a pause,” Ardleigh said in a letter. After the hearing, “we will look at every option.”'),
    [['We have asked for a pause', 'Ardleigh'], ['we will look at every option.', 'Ardleigh']])
  // A title still reads as one: "the report "Rivers at Risk"".
  t.same(quotesOf('The council published the report "Rivers at Risk" on Monday, Mayor Jo Hale said.'), [])
})

t.test('a byline line is never joined to the lead under it (185)', async (t) => {
  const article = parseArticle(['Islanders told to brace for a harder decade, says premier', 'By Tove Lindahl, Political Correspondent, The Harbour Times, 9 Aug 2026',
    'Islanders need to prepare for "a harder decade", said Premier Aldo Brevik, pointing to the storms of the past year.',
    'Speaking on the eve of the island holiday, he said he was sure the islands would cope.',
    '"We have rebuilt before and we will rebuild again," he said.'].join('\n'))
  t.equal(article.byline, 'Tove Lindahl')
  t.same(article.quotes.map((q) => [q.text, q.speakerName]), [['a harder decade', 'Aldo Brevik'], ['We have rebuilt before and we will rebuild again', 'Aldo Brevik']])
})

t.test('Malay honours before a name are titles, not names (186)', async (t) => {
  t.same(quotesOf('Present was state police commissioner Datuk Hamza Rosli.', 'Rosli said the couple had been living together.', '“We are working closely with the ferry operators,” he said.'),
    [['We are working closely with the ferry operators', 'Hamza Rosli']])
  t.same(quotesOf('“We are working with the ferry operators,” said state police chief Tan Sri Idris Kamal Noor.'),
    [['We are working with the ferry operators', 'Idris Kamal Noor']])
  t.same(quotesOf('“The coast is safe,” said security director Datuk Seri Razlan Omar.'), [['The coast is safe', 'Razlan Omar']])
})

t.test('an Arabic surname with a lower-case particle and a hyphen is a name (187)', async (t) => {
  t.same(quotesOf('”They will not silence us,” said Karim al-Masri, the channel’s bureau chief in Tyre.', '”This is a crime,” he added.'),
    [['They will not silence us', 'Karim al-Masri'], ['This is a crime', 'Karim al-Masri']])
})

t.test('a nickname in marks inside a name, and a surname before Jr. (188)', async (t) => {
  t.same(quotesOf('Governor Ramon “Bongo” Villareal Jr. on Friday urged voters to back his slate.', 'His cousin, Councillor Tessa Villareal, was at the rally.',
    'Earlier, Governor Ramon “Bongo” Villareal Jr. called the rivals “reckless”.', '“Look at their records,” Villareal said.'),
  [['reckless', 'Ramon Villareal Jr'], ['Look at their records', 'Ramon Villareal Jr']])
})

t.test('"and" between two titles joins the titles, not two clauses (189)', async (t) => {
  t.same(quotesOf('“We wish her well,” Northern Premier and Council Chair Doug Fenwick told reporters.'), [['We wish her well', 'Doug Fenwick']])
})

t.test('a pronoun does not mean the person the quote itself names (190)', async (t) => {
  t.same(quotesOf('But Premier Liam Doherty says he is not bothered by the criticism.', 'Doherty also said he had spoken to finance minister Colm Garvey about his health.',
    '“I am very happy with Colm Garvey, he has been a real anchor,” he said.'),
  [['I am very happy with Colm Garvey, he has been a real anchor', 'Liam Doherty']])
})

t.test('a title in Title Case keeps its full stop inside the marks and is still a title (191)', async (t) => {
  t.same(quotesOf('Premier Dana Kell spoke in a debate framed around claims of “The Collapse of the Northern Alliance.”', '“The opposition is detached from reality,” she said.'),
    [['The opposition is detached from reality', 'Dana Kell']])
  // A sentence is still a quote: it has lower-case words.
  t.same(quotesOf('“We will win the vote,” Premier Dana Kell said.'), [['We will win the vote', 'Dana Kell']])
})

t.test('the place or portfolio after a title\'s "to"/"of … and" is not a first name (200)', async (t) => {
  t.same(quotesOf('Former Ambassador to Norland Pieter Vasko said he had been misled.', '“They told me the interview was for radio,” Vasko said.'),
    [['They told me the interview was for radio', 'Pieter Vasko']])
  t.same(quotesOf('Minister of Ports and Harbours Ruvini Talwatte told Parliament the island owed its neighbour.', '“We are grateful for the help,” the Minister said.'),
    [['We are grateful for the help', 'Ruvini Talwatte']])
})

t.test('a transcript\'s one-letter label is the initial of the one named before; "Q:" names nobody (201)', async (t) => {
  t.same(quotesOf('The following is a transcript of the news conference with Harbour County Sheriff Odell Pruitt.', 'Pruitt: “We found the boat this morning.”',
    'Q: Where was it found?', 'P: “Near the creek mouth, about a mile out.”', 'Q: “Was anyone aboard?”'),
  [['We found the boat this morning.', 'Odell Pruitt'], ['Near the creek mouth, about a mile out.', 'Odell Pruitt']])
})

t.test('a car number before a driver\'s name heading is not part of it (202)', async (t) => {
  t.same(quotesOf('Driver quotes: Harbour GP qualifying', '#7 Rafa Lindgren', '“The wind moved the car around a lot in the last sector.”', '#21 Kenji Oduya', '“We lost the tyres early and never got them back.”'),
    [['The wind moved the car around a lot in the last sector.', 'Rafa Lindgren'], ['We lost the tyres early and never got them back.', 'Kenji Oduya']])
})

t.test('"Team captain, Name speaking during …:" introduces the name\'s answers; "Speaking at …:" and a topic word keep them (203, 204)', async (t) => {
  t.same(quotesOf('Harbour Hawks captain, Idris Valenko speaking during the presentation:\n"We did not back it up with the ball.\n"That was the difference."',
    'Speaking at the media conference afterwards:\nPitch:\n"The pitch held together far longer than we thought."'),
  [['We did not back it up with the ball. That was the difference.', 'Idris Valenko'], ['The pitch held together far longer than we thought.', 'Idris Valenko']])
  // A one-word label that is someone's surname stays that person's label.
  t.same(quotesOf('The transcript of the news conference with Sheriff Bill Gore follows.', 'Gore:\n“The gore at the scene was not the worst part.”'),
    [['The gore at the scene was not the worst part.', 'Bill Gore']])
})

t.test('a round-up\'s "Quoting Name after …:" and "Name press conference (Video):" labels name who speaks (205)', async (t) => {
  t.same(quotesOf('Weekend quick hits', 'Quoting Arlo Benning after 31-30 loss at Carrow State: "We could not run the ball at all."',
    'Mara Quist press conference (Video): "I do not trust anything yet," she started.'),
  [['We could not run the ball at all.', 'Arlo Benning'], ['I do not trust anything yet', 'Mara Quist']])
})

t.test('"the Mayor" of a story that opened "The Mayor says …" before naming anyone is the person named next (206)', async (t) => {
  t.same(quotesOf('Mayor backs the plan', 'The Mayor says she was surprised by the vote.', 'Tamsin Kolb met the planning minister on Monday.',
    '“It went better than I hoped,” Ms Kolb told host Ray Dunne.', 'Dunne asked the Mayor about the polls.', '“I always think of the town first,” says the Mayor.'),
  [['It went better than I hoped', 'Tamsin Kolb'], ['I always think of the town first', 'Tamsin Kolb']])
})

t.test('a bracket after a quote names its speaker in a quotes round-up; a bracketed agency does not (210)', async (t) => {
  t.same(quotesOf('“We gave away too many penalties.” (Northport coach Rafael Okoro after the defeat)',
    '“I did not even hear the crowd.” (Tomasz Brennan’s reaction to his try'),
  [['We gave away too many penalties.', 'Rafael Okoro'], ['I did not even hear the crowd.', 'Tomasz Brennan']])
  t.same(quotesOf('Port official Ana Reyes said the ferry would sail.', '“The weather is fine now,” she said. (AFP)'), [['The weather is fine now', 'Ana Reyes']])
})

t.test('a capitals heading "ROLE NAME" over long "On …" topic lines names who answers, as the page header too (211)', async (t) => {
  t.same(quotesOf('HEAD COACH MARGIT SOLBERG', 'On what changed at half-time after the team went in two touchdowns behind in front of its own crowd',
    '"We stopped trying to win every snap."', 'On the fourth-quarter drive', '"Nine plays, all of them simple."'),
  [['We stopped trying to win every snap.', 'Margit Solberg'], ['Nine plays, all of them simple.', 'Margit Solberg']])
  const page = parseArticle(['HEAD COACH MARGIT SOLBERG', 'On the late drive and what it says about the offense after a slow start to the season', '"Nine plays, all of them simple."'].join('\n'))
  t.same(page.quotes.map((q) => [q.text, q.speakerName]), [['Nine plays, all of them simple.', 'Margit Solberg']])
  // A section in capitals with no role word names nobody.
  t.same(parseArticle(['WORLD NEWS', 'On the final day of the talks in the capital and what was agreed about the ceasefire', '"We will see."'].join('\n')).quotes, [])
})

t.test('the one a speaker is "speaking to" is not a later "he"; founder-named firms are no people (212, 213)', async (t) => {
  t.same(quotesOf('“I would rather be late than wrong,” Minister Idris Mansour told a conference.',
    'The minister, speaking to energy writer Jonah Whitcombe on stage, said producers had been right to wait.',
    '“Had we listened to the critics, prices would have collapsed,” he said.',
    'Goldman Sachs expects prices to rise. Morgan Stanley has a similar forecast.', '“The market will tell us,” he said.'),
  [['I would rather be late than wrong', 'Idris Mansour'], ['Had we listened to the critics, prices would have collapsed', 'Idris Mansour'],
    ['The market will tell us', 'Idris Mansour']])
})

t.test('"the French president" is not the person titled "Ukrainian President" (214)', async (t) => {
  t.same(quotesOf('Ukrainian President Bohdan Kovalenko spoke to Aline Morel by phone.', '“We remain determined to help,” Morel said.',
    '“I will keep in close touch with President Kovalenko,” the French president concluded.'),
  [['We remain determined to help', 'Aline Morel'], ['I will keep in close touch with President Kovalenko', 'Aline Morel']])
})

t.test('a posting after "in" before the name; a surname printed without its Arabic particle (215)', async (t) => {
  t.same(quotesOf('“They are for the contacts first,” said WHO representative in Guinea Georges Tanou.'), [['They are for the contacts first', 'Georges Tanou']])
  t.same(quotesOf('Ministry spokesman Maj. Gen. Tahsin al-Rawi rejected the remarks.', '“Iraq will not be a launch pad,” Rawi said.'),
    [['Iraq will not be a launch pad', 'Tahsin al-Rawi']])
})

t.test('short quotes before the one a sentence attributes at its end are the same speaker\'s; a scare quote is not (216)', async (t) => {
  t.same(quotesOf('There is “enthusiasm” and “happiness” about “what is happening in the country,” Ruiz said.'),
    [['enthusiasm', 'Ruiz'], ['happiness', 'Ruiz'], ['what is happening in the country', 'Ruiz']])
  t.same(quotesOf('The “double-engine” government is “a failure on every count,” Ruiz said.'), [['a failure on every count', 'Ruiz']])
})

t.test('a title after "author of" is not a quote (217)', async (t) => {
  t.same(quotesOf('“We have named only a fraction of the species,” said Quentin Marsh, author of "What Lives Here? 100 New Species" (Plume, 2013).'),
    [['We have named only a fraction of the species', 'Quentin Marsh']])
})

t.test('"continue to" is no speech verb; "<Country>’s <Title>" is a role, not an organisation (218)', async (t) => {
  t.same(quotesOf('President Aline Morel affirmed that Norland will continue to send aid and Paris will “adapt and re-adapt” to its needs.'),
    [['adapt and re-adapt', 'Aline Morel']])
  const [quote] = parse('Norland’s Energy Minister said the alliance had a role in “taming and containing” prices.').quotes
  t.equal(quote?.speakerName, null)
  t.equal(quote?.description, 'Norland’s Energy Minister')
})

// Conventions 220-229 (real-page set 19b): the same story as page text and as a publisher's HTML gives the same quotes.
// The HTML is marked up as publishers do: JSON-LD NewsArticle, og: meta, h1, a byline box, figcaption, a 'Related' aside.
const { parseArticleHtml } = await import('../../src/ingest/html/parse-html.js')
type Quoted = Array<[string, string | null]>
const quotesOfText = (text: string): Quoted => parseArticle(text).quotes.map((q) => [q.text, q.speakerName])
const quotesOfHtml = (html: string): Quoted => parseArticleHtml(html).quotes.map((q) => [q.text, q.speakerName])
function publisherPage (headline: string | null, body: string[], metaTitle = headline ?? ''): string {
  return `<!doctype html><html><head><title>${metaTitle} | The Harbour Times</title><meta property="og:title" content="${metaTitle}">` +
    `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: metaTitle, author: { '@type': 'Person', name: 'Carys Penhale' } })}</script></head>` +
    `<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header><main><article>${headline ? `<h1>${headline}</h1>` : ''}<p class="byline">By Carys Penhale</p>` +
    `<div class="article-body">${body.join('')}</div><aside class="related"><h3>Related</h3><ul><li><a href="/a">Ferry fares to rise in spring</a></li></ul></aside></article></main></body></html>`
}

t.test('the headline printed again under the banner is not the story\'s first paragraph, in text as in HTML (220)', async (t) => {
  const text = ['Harbour board told ferry berth is ‘not fit for purpose’', 'Advertisement', 'This was published 2 years ago',
    'Harbour board told ferry berth is ‘not fit for purpose’', 'By Carys Penhale',
    'Harbour master Ewan Tolland told the board on Tuesday that the timber fenders had split in three places.',
    '“A patch is not a berth,” Tolland said.'].join('\n\n')
  const html = publisherPage('Harbour board told ferry berth is ‘not fit for purpose’', [
    '<p>Harbour master Ewan Tolland told the board on Tuesday that the timber fenders had split in three places.</p>', '<p>“A patch is not a berth,” Tolland said.</p>'])
  const want: Quoted = [['A patch is not a berth', 'Ewan Tolland']]
  t.same(quotesOfText(text), want, 'text: the headline\'s scare quote is not taken from its second printing')
  t.same(quotesOfHtml(html), want, 'HTML')
  t.equal(parseArticle(text).byline, 'Carys Penhale', 'the byline under the second printing is still read')
})

t.test('a headline over a much longer lead, no blank lines between: not wrapped copy, so the lead keeps its quote (221)', async (t) => {
  const lead = 'Senior officers have urged calm after the crash at Kilbarra pier, saying the inquest would show “exactly what went wrong” and that rumours online were not helping the families of the two men who died.'
  const text = ['Police urge calm after pier crash', lead, 'Superintendent Nora Vell said the inquest would open in March.',
    '“The families deserve facts, not gossip,” she said.'].join('\n')
  const html = publisherPage('Police urge calm after pier crash', [`<p>${lead}</p>`, '<p>Superintendent Nora Vell said the inquest would open in March.</p>',
    '<p>“The families deserve facts, not gossip,” she said.</p>'])
  t.equal(parseArticle(text).title, 'Police urge calm after pier crash')
  t.same(quotesOfText(text), quotesOfHtml(html))
  t.ok(quotesOfText(text).some(([quote]) => quote === 'exactly what went wrong'), 'the lead\'s partial quote is found')
  // Hard-wrapped wire copy still joins: the next line is no longer than the wrap width.
  t.same(parseArticle(['Ferry fares', 'The island council voted on Monday to raise ferry fares for', 'Kilbarra and Inishcorr by ten per cent from April, citing',
    'fuel costs and the new crew rota agreed last year.'].join('\n')).body,
  ['The island council voted on Monday to raise ferry fares for Kilbarra and Inishcorr by ten per cent from April, citing fuel costs and the new crew rota agreed last year.'])
})

t.test('a page cut off inside its last quote keeps that paragraph, the speaker\'s party in brackets skipped (222)', async (t) => {
  const paragraphs = ['The harbour board agreed on Tuesday to rebuild the ferry berth before next winter.',
    'Councillor Maire Dunleavy (Ind, Kilbarra North) said islanders had waited long enough for a decision.', '“Every winter we are promised a plan. People here are']
  const want: Quoted = [['Every winter we are promised a plan. People here are', 'Maire Dunleavy']]
  t.same(quotesOfText(['Ferry berth to be rebuilt', ...paragraphs].join('\n\n')), want, 'text')
  t.same(quotesOfHtml(publisherPage('Ferry berth to be rebuilt', paragraphs.map((p) => `<p>${p}</p>`))), want, 'HTML')
  // A related headline that quotes closes its marks: still dropped from the end of the story.
  t.same(parseArticle(['Ferry berth to be rebuilt', paragraphs[0], '‘Not fit for purpose’: islanders speak'].join('\n\n')).body, [paragraphs[0]])
})

t.test('HTML whose headline the text reader does not take (no h1, lines as paragraphs) gets the text reader\'s body cleaning (223)', async (t) => {
  const lines = ['Anger at homes plan for quiet Kilbarra street', 'Anger at homes plan for quiet Kilbarra street',
    'Residents of Quay Close fear their street will become a through road once thirty homes are built behind it.',
    'Local councillor Brid Mannion said: “This is a huge problem for the people who live here.', '“We have got to look at the whole plan again.', '“It is important to']
  const plain = `<html><body><article>${lines.map((l) => `<p>${l}</p>`).join('')}</article></body></html>`
  const want: Quoted = [['This is a huge problem for the people who live here. We have got to look at the whole plan again. It is important to', 'Brid Mannion']]
  t.same(quotesOfText(lines.join('\n\n')), want, 'text')
  t.same(quotesOfHtml(plain), want, 'HTML: the same body, cut-off last line and all')
})

t.test('"the CP", "the Collector": the person the story printed that word before (224)', async (t) => {
  t.same(quotesOf('The State Commissioner of Police, CP Adewale Oduntan, paraded the suspects on Thursday.', 'The CP said “nobody will find a hiding place”.'),
    [['nobody will find a hiding place', 'Adewale Oduntan']])
  t.same(quotesOf('District Collector Lakshmi Varadan visited the relief camp on Tuesday.', '“Groceries will reach every camp by tonight,” the Collector said.'),
    [['Groceries will reach every camp by tonight', 'Lakshmi Varadan']])
  // An organisation's word stays the organisation.
  t.same(quotesOf('Senate President Ada Okoro opened the session.', '“We will sit again on Monday,” the Senate said.'), [['We will sit again on Monday', 'Senate']])
})

t.test('"According to him, …" before an unattributed quote paragraph: the one reporting goes on (225)', async (t) => {
  t.same(quotesOf('The command\'s spokesperson, SP Ronke Ajala, said in a statement that nine suspects had been arrested.',
    'According to her, the suspects had operated in the market since March.', '“Two pistols and a motorcycle were recovered from them.',
    '“The suspects will be charged to court after investigation.”'),
  [['Two pistols and a motorcycle were recovered from them. The suspects will be charged to court after investigation.', 'Ronke Ajala']])
})

t.test('a photo description printed as a line of its own (capitals, an -ing verb, no finite verb) is a caption, as its figcaption is (226)', async (t) => {
  const paragraphs = ['Kisumu Governor Prof. Peter Amolo Okello addressing members of the party at a past event.',
    'Governor Okello has denied that traders from the neighbouring county were told to leave the market.', '“There is no boundary dispute,” Okello said.']
  const html = publisherPage('Governor denies market row', ['<figure><img src="a.jpg" alt=""><figcaption>' + (paragraphs[0] ?? '') + '</figcaption></figure>',
    ...paragraphs.slice(1).map((p) => `<p>${p}</p>`)])
  t.same(parseArticle(['Governor denies market row', ...paragraphs].join('\n\n')).body, paragraphs.slice(1))
  t.same(quotesOfText(['Governor denies market row', ...paragraphs].join('\n\n')), quotesOfHtml(html))
  // A sentence with a verb after the -ing word stays: "Police investigating the death have appealed …".
  t.same(parseArticle(['Appeal', 'Police investigating the death have appealed for witnesses to come forward.'].join('\n\n')).body,
    ['Police investigating the death have appealed for witnesses to come forward.'])
})

t.test('"His family said:", "Her husband told …", "Ferris’s loved ones said": kin of someone are an unnamed source, not that person (228)', async (t) => {
  const died = 'The broadcaster Ivo Ferris has died at the age of 74 after a short illness.'
  t.same(parse(died, 'His family said: “He was a gentle man who never missed a chance to make us laugh.”').quotes.map((q) => [q.text, q.speakerName, q.description]),
    [['He was a gentle man who never missed a chance to make us laugh.', null, 'his family']])
  t.same(parse(died, 'Ferris’s loved ones said in a statement: “We are grateful to the hospice staff.”', 'They added: “We ask for privacy at this time.”').quotes
    .map((q) => [q.text, q.speakerName, q.description]),
  [['We are grateful to the hospice staff.', null, 'Ferris’s loved ones'], ['We ask for privacy at this time.', null, 'Ferris’s loved ones']])
  t.same(quotesOf(died, 'Her husband told the inquest: “She walked the cliff path every morning.”'), [['She walked the cliff path every morning.', null]])
  // A name after the relation is who it is.
  t.same(quotesOf(died, 'His partner Maeve wrote: “Rest now, my love.”'), [['Rest now, my love.', 'Maeve']])
})

t.test('"Bank of America said": a body named "X of Y" with no article is the body, not a person called Y (229)', async (t) => {
  t.same(quotesOf('“Fund managers are more gloomy than at any time this year,” Bank of America said.'),
    [['Fund managers are more gloomy than at any time this year', 'Bank of America']])
  t.same(quotesOf('University of Tarrow researchers published the survey on Monday.', 'Department of Transport said: “The bridge will reopen in May.”'),
    [['The bridge will reopen in May.', 'Department of Transport']])
})

t.test('"claimed that “…” cost them": after a speech verb, "that" opens the reported clause and the quote is its subject (230)', async (t) => {
  t.same(quotesOf('The manager Rui Calado claimed that “careless passing” cost his side the points.'), [['careless passing', 'Rui Calado']])
  // "that" as a determiner before a noun the quote modifies is still a scare quote.
  t.same(quotesOf('The mayor Lena Ortt defended that “green corridor” plan on Monday.'), [])
})

t.test('a paragraph that is only a quote, after a paragraph about "she" or "he", is that person\'s (231)', async (t) => {
  t.same(quotesOf('Councillor Nessa Hurley said the review had failed the families.',
    'She questioned the chief executive’s account of the meetings.', '“How can you say you knew nothing about any of this?'),
  [['How can you say you knew nothing about any of this?', 'Nessa Hurley']])
})

t.test('"Read what the coach had to say …", "Here is what Reyes said.": a line introducing the quote paragraphs under it names their speaker (232)', async (t) => {
  t.same(quotesOf('Harbour City coach Imke Vos watched her side lose at home on Saturday.',
    'Read what the coach had to say when she met the media after the game...', '“We gave the ball away far too cheaply and were punished for it.”'),
  [['We gave the ball away far too cheaply and were punished for it.', 'Imke Vos']])
  // A line about what someone else did names no speaker.
  t.same(quotesOf('Read what happened at the ground on Saturday...', '“We gave the ball away far too cheaply.”'), [])
})

t.test('"According to the police, X was held for ‘…’": the source that opens the sentence, not the person after its comma (240)', async (t) => {
  t.same(quotesOf('Activist Joel Kamau was arrested at his home on Monday.', 'According to the police, Kamau was held for ‘posting material that could incite violence’.'),
    [['posting material that could incite violence', null]])
  t.same(parse('Activist Joel Kamau was arrested at his home on Monday.', 'According to the police, Kamau was held for ‘posting material that could incite violence’.').quotes[0]?.description, 'the police')
  // A title and an appositive between the source and the clause: "According to Brig. X, role, the force “…".
  t.same(quotesOf('Over 50,000 calls reached the hotline during the holiday.',
    'According to Brig. Hamad Al Suwaidi, deputy head of operations, the force “worked around the clock so that no caller waited long".'),
  [['worked around the clock so that no caller waited long', 'Hamad Al Suwaidi']])
})

t.test('one letter in quote marks ("Ada Bello ‘f’ 31yrs") is a mark, not a quote (241)', async (t) => {
  t.same(quotesOf('Police named the suspects as Ada Bello ‘f’ 31yrs and Sani Musa ‘m’ 27yrs.', '“Both confessed to the theft,” the commissioner, Yusuf Garba, said.'),
    [['Both confessed to the theft', 'Yusuf Garba']])
})

t.test('marks escaped with a backslash by a scraper (\\"…\\") are plain marks (242)', async (t) => {
  t.same(quotesOf('Opposition spokesman Dr. Paul Grant said the post came at a hard time.', 'He said, \\"the new chief takes over as the murder count nears a record\\".'),
    [['the new chief takes over as the murder count nears a record', 'Paul Grant']])
})

t.test('"Describing it as a ‘…’, X said" and "Described by X as a “…”": the one who described (243)', async (t) => {
  t.same(quotesOf('Attorney General Farid Uddin welcomed the ruling.', 'Describing the judgment as a \'landmark\' for the courts, Uddin said, "The law has done its work."'),
    [['landmark', 'Farid Uddin'], ['The law has done its work.', 'Farid Uddin']])
  t.same(quotesOf('Rain closed roads across the emirate. Described by the state-run QNA news agency as a "rare winter storm," the rain flooded two underpasses.'),
    [['rare winter storm', 'QNA']])
})

t.test('"another lawyer said …" ⏎ "“…,” he told …": the unnamed speaker just reported, not a person named earlier (244)', async (t) => {
  t.same(quotesOf('Party chief Salma Rahman was sentenced on Monday.', 'On Wednesday, another defence lawyer said they expected the papers by the afternoon.',
    '“We will file the appeal the moment we have the copy,” he told reporters at the court.'),
  [['We will file the appeal the moment we have the copy', null]])
  // The subject must be who speaks: "A team searched the house …, Okafor said." leaves "he" to Okafor.
  t.same(quotesOf('Police spokesman Emeka Okafor gave details on Friday.', 'A search team entered the house an hour later and found nobody inside, Okafor said.',
    '“We are still looking for him,” he said.'),
  [['We are still looking for him', 'Emeka Okafor']])
})

t.test('"the Congress MP", "the BJP MLA": the member named with that party title (245)', async (t) => {
  t.same(quotesOf('Congress MP Arvind Rao said the opposition had no choice but to leave.', 'Speaking to reporters, the Congress MP said, "We asked for a debate and were refused."'),
    [['We asked for a debate and were refused.', 'Arvind Rao']])
})

t.test('"the state-run WAM news agency": the agency the description names (246)', async (t) => {
  t.same(quotesOf('Flights were cancelled on Tuesday. The storm was called "the heaviest in decades" by the official KUNA news agency.'),
    [['the heaviest in decades', 'KUNA']])
})

t.test('", he said," inside a sentence about someone, and a lead clause opened by a gerund (247)', async (t) => {
  t.same(quotesOf('In his reply, Mr. Kapoor thanked Finance Minister Lata Menon for the budget which, he said, “gives the middle class room to breathe.”'),
    [['gives the middle class room to breathe.', 'Kapoor']])
  t.same(quotesOf('Opening the debate, Ravi Nair, DMK, asked why no minister was present. “The House deserves answers,” he said.'),
    [['The House deserves answers', 'Ravi Nair']])
})

t.test('"Advocate", "Brig.", "Engr." before a name are titles, not part of it (248)', async (t) => {
  t.same(quotesOf('The defence counsel, Advocate Rezaul Karim, said he was "deeply hurt" by the ruling.'), [['deeply hurt', 'Rezaul Karim']])
  t.same(parse('The defence counsel, Advocate Rezaul Karim, said he was "deeply hurt" by the ruling.').speakers[0]?.role, 'Advocate')
})

t.test('a headline with a possessive before its colon and quote is no speaker label (249)', async (t) => {
  const quotes = parseArticle(['Hero Image', "Tenants Praise Council's Flood Response: 'Streets Were Dry By Morning'",
    'Heavy rain fell across the city on Tuesday.', 'Meera Nair, a tenant for five years, praised the crews.',
    '"They cleared the drains before the second storm arrived," she told Radio Central.'].join('\n\n')).quotes.map((q) => [q.text, q.speakerName])
  t.same(quotes, [['They cleared the drains before the second storm arrived', 'Meera Nair']])
})

t.test('a speaker known by surname alone is "he" after being quoted (250)', async (t) => {
  t.same(quotesOf('The ruling follows the decision of the independent member, Kwesi Mensah Ofori, to join the majority.',
    '“The rules give the majority group a leader,” Mr. Adjei said.', '“That is the rule we have now.', '“So please stop confusing people,” he declared.'),
  [['The rules give the majority group a leader', 'Adjei'], ['That is the rule we have now. So please stop confusing people', 'Adjei']])
})

t.test('a capitalised adjective opening the sentence before a sign\'s words is no speaker (252)', async (t) => {
  const found = quotesOf('The bus company has promised to run on time this winter.',
    'Fresh posters at the depot went up on Friday, setting out its promise: “Fewer delays. Same fares,” reads one, beside a picture of a bus.')
  t.notOk(found.some(([, speaker]) => speaker === 'Fresh'), 'not given to "Fresh"')
  // A person opening the sentence still speaks: "Green said: “…”".
  t.same(quotesOf('Councillor Ruth Green opened the meeting.', 'Green said: “The depot stays open.”'), [['The depot stays open.', 'Ruth Green']])
})

t.test('a bracketed aside after a quote names nobody; a first-person partial in the paragraph is its speaker\'s (253, 254)', async (t) => {
  t.same(quotesOf('The chain has cut the price of salmon for a week.',
    '“I could not believe it,” said Pablo Halloran, owner of Halloran Seafoods Ltd, the largest supplier on the coast. The price, which a rival matched on Monday, is “the lowest I’ve been offered.” (Halloran does not sell to the chain.)'),
  [['I could not believe it', 'Pablo Halloran'], ['the lowest I’ve been offered.', 'Pablo Halloran']])
  // Someone else named after the attribution takes the partial away from the paragraph's speaker.
  const other = quotesOf('“We were surprised,” said Ines Varga, a dealer. Her rival Tomas Brandt says the offer is “better than anything I’ve had this year.”')
  t.notOk(other.some(([text, speaker]) => text.startsWith('better than') && speaker === 'Ines Varga'))
})

t.test('a person named after a description, a namesake relative named later, a dropped name particle (255)', async (t) => {
  t.same(quotesOf('Beekeeper Anahera Rangi was ten when she first opened a hive on her grandfather’s farm.',
    'Fifty years later, Rangi keeps more than 200 hives in the valley.',
    '“The bees tell you when the season is wrong,” says Rangi, who chairs the local growers’ group.',
    'Rangi and her nephew, Te Awanui Rangi, now run the farm together. Te Awanui studied science before coming home.',
    '“My aunt taught me to listen before I learned to measure,” says Te Awanui.'),
  [['The bees tell you when the season is wrong', 'Anahera Rangi'], ['My aunt taught me to listen before I learned to measure', 'Te Awanui Rangi']])
})

t.test('"said chief inspector X Y from the harbour police": the person, not the force (256)', async (t) => {
  t.same(quotesOf('Police have seized a boat after a chase across the bay.', '“Nobody was hurt, which is the main thing,” said chief inspector Mia Kowal from the harbour police.'),
    [['Nobody was hurt, which is the main thing', 'Mia Kowal']])
})

t.test('ranks and offices before a name, and a title in capitals on its own (271)', async (t) => {
  t.same(quotesOf('Provincial police spokesperson, Brigadier Thandi Mokoena, said two men were held. “Both will appear in court on Monday,” she said.'),
    [['Both will appear in court on Monday', 'Thandi Mokoena']])
  t.same(quotesOf('Chief Operations Officer ACP Josefa Waqa says extra officers will patrol the markets.',
    'ACP Waqa says parents must watch their children. “Rivers are high after the rain,” ACP Waqa said.'),
    [['Rivers are high after the rain', 'Josefa Waqa']])
  t.same(quotesOf('District Collector Meera Rao visited the flooded villages on Monday.', 'Collector Rao said: “Relief camps will stay open until the water recedes.”'),
    [['Relief camps will stay open until the water recedes.', 'Meera Rao']])
  t.same(quotesOf('A bench headed by CJP Tariq Anwar heard the petitions.', '“Who stops Parliament from legislating?” asked CJP.'),
    [['Who stops Parliament from legislating?', 'Tariq Anwar']])
})

t.test('a surname that opens with its particle is the full name it ends (272)', async (t) => {
  t.same(quotesOf('Major-General Saeed Rashid Al Hameli led the inquiry into the theft.', '“The gang had watched the shop for a week,” Maj-Gen Al Hameli said.'),
    [['The gang had watched the shop for a week', 'Saeed Rashid Al Hameli']])
})

t.test('actors and film-makers are titled like other trades (273)', async (t) => {
  t.same(quotesOf('Film actor Arjun Mehra\'s new picture opens on Friday.', 'Asked about the delay, Arjun said: "The film is ready and so am I."'),
    [['The film is ready and so am I.', 'Arjun Mehra']])
})

t.test('image and button labels on their own line are page chrome (274)', async (t) => {
  const article = parseArticle(['logo', 'ADVT', 'Close X', 'Court frees trader after a year on remand', 'A trader held for a year was freed on Tuesday.',
    '“Justice delayed is justice denied,” lawyer Amina Odhiambo said.'].join('\n\n'))
  t.equal(article.title, 'Court frees trader after a year on remand')
  t.same(article.quotes.map((q) => [q.text, q.speakerName]), [['Justice delayed is justice denied', 'Amina Odhiambo']])
})

t.test('"police said" and "the police said" are the force, unnamed, not an officer whose title names it (275)', async (t) => {
  const found = parse('Brigadier Omar Salem, director of the Harbour Police Station, said the car was stolen.',
    '"Patrols stopped the car and arrested two men," the police said.', '"The men remain in custody," police said.').quotes
  t.same(found.map((q) => [q.text, q.speakerName]), [['Patrols stopped the car and arrested two men', null], ['The men remain in custody', null]])
})

t.test('"the Collector said" is the one person the story printed after "Collector", not an officer named beside them (271)', async (t) => {
  t.same(quotesOf('District Collector Meera Rao and Superintendent of Police Dev Anand toured the camp on Tuesday.',
    'Speaking to villagers, the Collector said, "Roads come first."'),
  [['Roads come first.', 'Meera Rao']])
})

t.test('"speaks about …, “…”" and "spoke of the ‘…’" attribute like other speech verbs (276)', async (t) => {
  t.same(quotesOf('Director Ravi Menon speaks about the rumours doing the rounds, “The film was delayed for one reason only: the big releases.”'),
    [['The film was delayed for one reason only: the big releases.', 'Ravi Menon']])
  t.same(quotesOf('Farmer Grace Wanjiru spoke of the "endless waiting" at the depot.'), [['endless waiting', 'Grace Wanjiru']])
})

t.test('a whole quote printed twice (a standfirst over the body) is one quote (277)', async (t) => {
  t.same(quotesOf('“I will pay for the repairs myself, every shilling of them,” the chief said.', 'The chief, Daniel Kiprop, met the traders on Monday.',
    '“I will pay for the repairs myself, every shilling of them,” Kiprop told them.'),
  [['I will pay for the repairs myself, every shilling of them', 'Daniel Kiprop']])
})

t.test('"the clerk asked": a part in a court case, unnamed when the story names nobody in it (278)', async (t) => {
  const found = parse('The case could not go on because the magistrate had been transferred.',
    '"Shall we proceed or start afresh?” the clerk asked.').quotes
  t.same(found.map((q) => [q.text, q.speakerName, q.description]), [['Shall we proceed or start afresh?', null, 'the clerk']])
})

t.test('theme widgets above the section label and headline are chrome: "Connect with us", a search prompt, a story code (295)', async (t) => {
  const page = parseArticle(['Connect with us', 'Hi, what are you looking for?', 'Regional', 'Ferry crews vote to end the harbour strike',
    'Lakeside Courier', 'Published', 'on', 'Crews on the island ferries voted on Sunday to return to work after nine days.',
    '“We got the rota we asked for,” said union organiser Petra Lund.', 'Trending', 'Exit mobile version'].join('\n\n'))
  t.equal(page.title, 'Ferry crews vote to end the harbour strike')
  t.equal(page.section, 'Regional')
  t.same(page.quotes.map((q) => [q.text, q.speakerName]), [['We got the rota we asked for', 'Petra Lund']])
  const coded = parseArticle(['Story Code : 48213', '- Advertisement -', 'Open Menu', 'Grain silo reopens after repairs',
    'The county’s largest grain silo reopened on Monday after three months of repairs to its roof.'].join('\n\n'))
  t.equal(coded.title, 'Grain silo reopens after repairs')
})

t.test('a byline that runs into "Published <date>" on one line is byline and date, not the headline (296)', async (t) => {
  const page = parseArticle(['Open Menu', 'Rosa Penhale (@rpenhale) Published March 3, 2023 | 09:15 AM', 'Tram line to reach the airport by 2026',
    'The city’s tram line will be extended to the airport, the transport board said on Friday.'].join('\n\n'))
  t.equal(page.title, 'Tram line to reach the airport by 2026')
  t.equal(page.byline, 'Rosa Penhale')
  t.equal(page.publishedAt, '2023-03-03T00:00:00.000Z')
})

t.test('"Published on: <date>" printed under the story is the page\'s date and no paragraph (297)', async (t) => {
  const page = parseArticle(['Small firms expect a busier autumn',
    'Most small firms in the region expect more orders this autumn, a survey by the chamber of commerce found.',
    '“Orders picked up in July and have not slowed,” said chamber president Idris Mwale.',
    'Published on: September 4, 2015', 'Share this article'].join('\n\n'))
  t.equal(page.publishedAt, '2015-09-04T00:00:00.000Z')
  t.notOk(page.body.some((p) => /Published on/.test(p)))
  // A date the header already gives is kept; the line under the story does not replace it.
  const dated = parseArticle(['Small firms expect a busier autumn', 'Published on: May 2, 2016',
    'Most small firms in the region expect more orders this autumn, a survey by the chamber of commerce found.', 'Published on: September 4, 2015'].join('\n\n'))
  t.equal(dated.publishedAt, '2016-05-02T00:00:00.000Z')
})

t.test('"the spokesman (of X) said" after the person named with that title is that person; an appositive is no new spokesman (298)', async (t) => {
  t.same(quotesOf('DODOMA: Rail authority spokesman Baraka Mollel said on Monday that the new line would open in May.',
    'The remarks were made by Baraka Mollel, a spokesman for the Rail Authority, at a briefing in the capital.',
    'The spokesman of the Rail Authority said the last bridges were being tested.',
    '“Passengers will ride the line before the rains,” he said.'),
  [['Passengers will ride the line before the rains', 'Baraka Mollel']])
  // A spokesman of another body, never named, stays an unnamed source.
  const other = parse('Rail authority spokesman Baraka Mollel said on Monday that the new line would open in May.',
    'The spokesman of the Harbour Board said the port was ready.', '“Our cranes are waiting,” he said.').quotes
  t.equal(other[0]?.speakerName ?? null, null)
})

t.test('a body\'s name or initials before "spokesperson", with no article, is the person named with both titles (299)', async (t) => {
  t.same(quotesOf('MFA spokesperson Leyla Darani told the weekly briefing that talks would resume.',
    'Asked about the border, MFA spokesperson said the crossings would reopen. “Trade must not wait for politics,” she said.',
    'MFA spokesperson also said: “We have asked for a meeting in March.”'),
  [['Trade must not wait for politics', 'Leyla Darani'], ['We have asked for a meeting in March.', 'Leyla Darani']])
  // Before anyone is named with it, the title is an unnamed source, not the country named most.
  const first = parse('Ruritania says the talks will resume. Ruritania wants a deal.', '“We reject the claims,” FO spokesperson said.').quotes[0]
  t.equal(first?.speakerName ?? null, null)
})

t.test('"The Minister of Industry and Trade said": the title before "of" heads the phrase; "and" joins the portfolio (300)', async (t) => {
  t.same(quotesOf('Sarah Collins, Acting Minister of Industry and Trade, said exports to the north had doubled.',
    'The Acting Minister of Industry and Trade said in this regard: “We have found buyers we did not have before.”'),
  [['We have found buyers we did not have before.', 'Sarah Collins']])
  // Two people joined by "and" stay two clauses: the second one speaks.
  t.same(quotesOf('Council officers met the traders on Friday.', 'Head of Markets Ali Okoro and Grace Tetteh said: “The stalls stay.”'),
    [['The stalls stay.', 'Grace Tetteh']])
})

t.test('"X in a chat with newsmen said," names X: where it was said sits between subject and verb (301)', async (t) => {
  t.same(quotesOf('The state police command paraded forty suspects at its headquarters on Thursday.',
    'CP Danjuma Aliyu in a chat with newsmen said,”The arrests will continue until the highways are safe.”'),
  [['The arrests will continue until the highways are safe.', 'Danjuma Aliyu']])
})

t.test('a quote after "“…,” Gov. X said. …, he said, adding …" in one paragraph is still X\'s: "Gov." ends no sentence (302)', async (t) => {
  t.same(quotesOf('Ahead of the verdict in the case of Officer Dan Pruitt and Marcus Lee, the state prepared for protests.',
    '“Looting will not be tolerated,” Gov. Ellen Marsh said. The police will work with the guard, she said, adding that schools would stay open. “People may march. They may not burn.”'),
  [['Looting will not be tolerated', 'Ellen Marsh'], ['People may march. They may not burn.', 'Ellen Marsh']])
})

t.test('a name in a sentence closed by ", he said." is what the speaker talked about, not the next "he" (303)', async (t) => {
  t.same(quotesOf('Trade Minister Omar Haddad said rumours of a resignation were untrue.',
    '“People will hear many stories before the vote,” he told reporters.',
    'Every minister will keep working as instructed by Prime Minister Samir Nasr, he said.',
    '“We are here to serve, not to gossip,” he said.'),
  [['People will hear many stories before the vote', 'Omar Haddad'], ['We are here to serve, not to gossip', 'Omar Haddad']])
})

t.test('a closing mark glued to the next word inside an open quote closes it (284)', async (t) => {
  t.same(quotesOf('Orla Finch has run the bakery on Quay Street for thirty years.',
    '“Come in, the kettle is on,”she says when I arrive. “We open at six and we close when the bread runs out,”Finch adds.'),
  [['Come in, the kettle is on', 'Orla Finch'], ['We open at six and we close when the bread runs out', 'Orla Finch']])
  // With no quote open, the glued mark still opens one (`said,”The`).
  t.same(quotesOf('Harbour master Ian Roe said,”The quay reopens on Monday.”'), [['The quay reopens on Monday.', 'Ian Roe']])
})

t.test('"said Surname of Company": the person named earlier, not the company (285)', async (t) => {
  t.same(quotesOf('Ines Calder, head of research at Northgate Analytics, has studied the market for a decade.',
    '“Prices will settle by spring,” said Calder of Northgate Analytics, “and rents will follow.”'),
  [['Prices will settle by spring', 'Ines Calder'], ['and rents will follow.', 'Ines Calder']])
  t.same(quotesOf('“Rates will stay where they are,” said Bank of Lorien.'), [['Rates will stay where they are', 'Bank of Lorien']])
})

t.test('a Korean name puts the family name first: "Choi" is Choi Min-jun, also with a namesake named later (286)', async (t) => {
  t.same(quotesOf('Opposition leader Choi Min-jun spoke outside the assembly on Sunday.',
    '“The budget must be redrawn,” Choi said.',
    'Choi later said the vote was “a betrayal of every farmer.”',
    'Prosecutors also questioned Finance Minister Choi Ji-ho on Monday.'),
  [['The budget must be redrawn', 'Choi Min-jun'], ['a betrayal of every farmer.', 'Choi Min-jun']])
  // A double-barrelled surname capitalises both parts: "Ellis-Hart" is still the family name.
  t.same(quotesOf('Nora Ellis-Hart chairs the board.', '“We will reopen,” Ellis-Hart said.'), [['We will reopen', 'Nora Ellis-Hart']])
})

t.test('an organisation whose name ends "… and Word Word’s" names no person a later "he" could mean (287)', async (t) => {
  t.same(quotesOf('Skipper Rob Dunmore has fished the bay for forty years. The boats also report to the Centre for Fisheries and Ocean Ecology’s monitoring scheme.',
    '“The cod are back,” says Dunmore, pointing at the hold. A look at the World Ocean Report shows catches doubled.“We counted twice as many as last year,” he adds.'),
  [['The cod are back', 'Rob Dunmore'], ['We counted twice as many as last year', 'Rob Dunmore']])
})

t.test('a term before the noun it qualifies after a participle, and a name after "the <noun>", are not quotes (288)', async (t) => {
  t.same(quotesOf('Volunteers walk the children to school.',
    'The group, called Safe Streets, which has been running “safe crossing” patrols since 2019, is the first in the county to do so.',
    'Ada Kemp has answered questions on the forum “Wayfarer.” Kemp leads the patrols.',
    '“We walk the children over the road every morning,” said Kemp.'),
  [['We walk the children over the road every morning', 'Ada Kemp']])
  // A word someone is said to have used is still their quote.
  t.same(quotesOf('Councillor Bea Lund called the plan “reckless” on Monday.'), [['reckless', 'Bea Lund']])
})

t.test('Irish police ranks before a name ("Garda", "Detective Garda") are titles; "An Garda Síochána" is the force (259)', async (t) => {
  t.same(quotesOf('A woman was charged with criminal damage at Ennis District Court.', 'Detective Garda Orla Keane told the judge the accused “said nothing at all” when charged.'),
    [['said nothing at all', 'Orla Keane']])
  t.same(parse('Garda Fiachra Nolan said: “The road will stay closed overnight.”').speakers.map((s) => [s.name, s.role]), [['Fiachra Nolan', 'Garda']])
  t.notOk(quotesOf('“Two men were arrested at the scene,” a statement from Garda Síochána said.').some(([, speaker]) => speaker === 'Síochána'))
})

t.test('a title the tagger reads as a verb before the name that opens a sentence ("Albion boss X insisted") (260)', async (t) => {
  t.same(quotesOf('Harbour Town beat Albion 3-1 and the home manager called the win over Albion a turning point.',
    'Albion boss Dermot Kyle insisted his side had not been outplayed.', '“We had the better chances,” he said.'),
  [['We had the better chances', 'Dermot Kyle']])
})

t.test('"“…,” was X’s assessment": the possessor of the verdict said it (261)', async (t) => {
  t.same(quotesOf('Harbour Town won the derby for the first time in six years.', 'Substitute Leon Price scored twice in the last ten minutes.',
    '“A proper performance from front to back,” was Harbour Town manager Ada Quinn’s verdict.'),
  [['A proper performance from front to back', 'Ada Quinn']])
})

t.test('"“…” when …, said X." and "wrote the X this Monday": the verb before the subject at the sentence end (262, 263)', async (t) => {
  t.same(quotesOf('Interior Minister Tomas Reyes spoke to the press on Monday.', 'Barricades went up again across the south overnight.',
    '“We have not seen roads blocked like this in a decade” when the army last patrolled the passes, said Reyes.'),
  [['We have not seen roads blocked like this in a decade', 'Tomas Reyes']])
  t.same(quotesOf('The government of President Lena Ortiz sent a note to the ambassador.',
    '“The ministry has delivered its protest in writing,” wrote the Foreign Ministry of Arcadia this Monday on its website.'),
  [['The ministry has delivered its protest in writing', 'Foreign Ministry of Arcadia']])
})

t.test('an opening circumstance, then a name whose appositive has "and" in it, before a colon (264)', async (t) => {
  t.same(quotesOf('The regulator fined Brightline Telecom on Tuesday.',
    'In a written statement, Maeve Corrigan, Brightline’s head of legal and global director of policy, said:', '“We think the ruling is wrong and we will appeal.”'),
  [['We think the ruling is wrong and we will appeal.', 'Maeve Corrigan']])
})

t.test('a round-up\'s dashed items: "— X on <topic>: “…”" (265)', async (t) => {
  t.same(quotesOf('Here are the best lines of the weekend.',
    '— Rookie quarterback Dale Harmon on his first start: “I was nervous for about one snap.”',
    '— Harmon on the crowd: “Loudest place I have ever played.”',
    '— Kicker Sam Ortega on his missed kick: “It happens. I will make the next one.”'),
  [['I was nervous for about one snap.', 'Dale Harmon'], ['Loudest place I have ever played.', 'Dale Harmon'], ['It happens. I will make the next one.', 'Sam Ortega']])
})

t.test('"highlighted" and "underlined" before a partial quote are speech (266)', async (t) => {
  t.same(quotesOf('After meeting the president, trade envoy Iker Salas highlighted “real progress” on the border crossings.'),
    [['real progress', 'Iker Salas']])
})

t.test('"Now read:" and "Must read:" lines link to other stories; their quotes are not this story\'s (267)', async (t) => {
  t.same(quotesOf('Harbour Freight will cut 200 jobs, chief executive Nadia Holm told staff in an email.',
    'Now read: Harbour Freight boss says the cuts were ‘the hardest call of my career’',
    '“We grew faster than the market,” Holm wrote.'),
  [['We grew faster than the market', 'Nadia Holm']])
})

t.test('"it says" about a study that opens the sentence, or that the sentence before cites at its end (268)', async (t) => {
  const found = parse('The new survey is the largest of its kind, and “the first to follow the same families for a decade,” it says.',
    'Rents rose fastest in coastal towns, the survey found.', 'Those rises “will not slow without new building,” it warned.').quotes
  t.same(found.map((q) => [q.text, q.speakerName, q.description]), [
    ['the first to follow the same families for a decade', null, 'the new survey'],
    ['will not slow without new building', null, 'the survey'],
  ])
})

t.test('the next story\'s teaser under the story (label, headline, outlet, "Published on", its prose) is not this story (305)', async (t) => {
  const page = parseArticle(['Latest News', 'Harbour ferries resume after nine-day strike', 'Published', 'on',
    'Crews on the island ferries voted on Sunday to return to work after nine days.',
    '“We kept the boats safe and we kept our word,” said union secretary Maria Olsen.',
    'The first crossing leaves at six on Monday.',
    'Featured', 'Council approves new bridge toll', 'Lakeside Courier', 'Published', 'on', '(Last Updated On: March 3, 2021)',
    'The council voted to raise the bridge toll by a fifth from April, calling it a “fair share” for drivers.',
    '“Nobody likes a toll, but the bridge is sixty years old,” said councillor Ben Hale.'].join('\n\n'))
  t.same(page.quotes.map((q) => [q.text, q.speakerName]), [['We kept the boats safe and we kept our word', 'Maria Olsen']])
  t.equal(page.publishedAt, null, 'the teaser\'s update stamp is not the story\'s date')
  t.equal(page.body.at(-1), 'The first crossing leaves at six on Monday.')
  // A story's own byline box under a one-line standfirst is header, not a second story.
  const own = parseArticle(['Bridge toll to rise in April', 'Drivers will pay a fifth more from the spring, the council decided.',
    'By Ann Lee', 'Posted March 3, 2021 7:56 pm.', 'The council voted on Tuesday to raise the toll.',
    '“The bridge is sixty years old,” said councillor Ben Hale.'].join('\n\n'))
  t.same(own.quotes.map((q) => [q.text, q.speakerName]), [['The bridge is sixty years old', 'Ben Hale']])
})

t.test('review of session 21: rules that must not reach ordinary pages', async (t) => {
  t.same(quotesOf('Ann Lee accused Tom Reed of cheating in the final on Sunday.', '“He knew exactly what he was doing.”'),
    [['He knew exactly what he was doing.', 'Ann Lee']], '"accused" before a name is the verb, not a court title (278)')
  t.same(quotesOf('The new port opened on Monday with a ceremony on the quay.', '“This port is a gift to the next generation,” said Emir of Qatar Sheikh Tamim bin Hamad.'),
    [['This port is a gift to the next generation', 'Sheikh Tamim bin Hamad']], 'a title before "of" is no surname (285)')
  const liveBlog = parseArticle(['Election night as it happened', 'Polls closed across the country at ten and counting began at once.',
    'The first results are expected after midnight, officials said.', 'Polls close in the north', 'Posted at 21:02',
    'Turnout in the northern districts was higher than in any vote since 1990.', '“We have never seen queues like this,” said returning officer Dan Moss.'].join('\n\n'))
  t.same(liveBlog.quotes.map((q) => [q.text, q.speakerName]), [['We have never seen queues like this', 'Dan Moss']], 'a live blog keeps its later entries (305)')
  const blogPost = parseArticle(['Our trip to the lakes', 'We drove north on Friday and reached the first lake by noon.',
    'The weather held for the whole of the weekend, which nobody had expected.', 'Photos from the trip', 'Posted by Ann Lee',
    'The boat hire was cheaper than last year and the staff were friendly.', '“Come back in June,” said the owner, Tom Bell.'].join('\n\n'))
  t.same(blogPost.quotes.map((q) => [q.text, q.speakerName]), [['Come back in June', 'Tom Bell']], 'a blog post keeps the text after "Posted by" (305)')
  const letter = '<html><head><title>Budget letters</title></head><body><article><h1>Readers on the budget</h1>' +
    '<p>The council budget drew many letters this week from across the town.</p><p>One reader, Ann Lee, wrote:</p>' +
    '<blockquote><p>Residents told me the plan was “a disgrace” and I agree with every one of them after reading it.</p></blockquote>' +
    '<p>The council will answer the letters at its next meeting in March.</p></article></body></html>'
  t.notOk(quotesOfHtml(letter).some(([text]) => text.startsWith('Residents told me')), 'a block quotation with marks inside is not cut at them (283)')
  const unSpokesman = parse('Trade Union spokesman Tom Reed said the talks had stalled on Monday.',
    'The spokesman of the UN said that aid would continue to arrive this week.', '“We will not stop the convoys,” he said.').quotes
  t.same(unSpokesman.map((q) => q.speakerName), [null], 'a body\'s name matches whole title words: "UN" is not in "Union" (298)')
  t.same(quotesOf('Inter-Services Public Relations spokesman Ahmed Sharif Chaudhry said the claims were false on Monday.',
    '“No troops crossed the line at any point,” ISPR spokesman said.'),
  [['No troops crossed the line at any point', 'Ahmed Sharif Chaudhry']], 'a body written as its initials is the spokesperson named with its full name (299)')
})
