import type { GeneratorCountry } from './params.js';

/**
 * Per-country material: plausible names, mail providers, cities and streets, the local business
 * hours' offset from UTC, and the national significant number plans used to draw phone numbers
 * (checked afterwards with libphonenumber-js, so only valid numbers are kept).
 *
 * Time zones are fixed offsets (US Eastern, UK, Central Europe, Sydney) without daylight saving:
 * arrival patterns only need "business hours", not exact civil time.
 */
export interface Locale {
  country: GeneratorCountry;
  utcOffsetHours: number;
  femaleNames: readonly string[];
  maleNames: readonly string[];
  lastNames: readonly string[];
  /** Consumer mail providers with relative weights. */
  mailProviders: ReadonlyArray<readonly [string, number]>;
  /** Top-level domain for company domains (`northwind-freight.co.uk`). */
  companyTld: string;
  cities: ReadonlyArray<readonly [city: string, state: string, postalPrefix: string]>;
  streets: readonly string[];
  /** Builds a street line from a house number and a street name, the local way round. */
  streetLine(houseNumber: number, street: string): string;
  /** Postal code from a city's prefix and random digits. */
  postalCode(prefix: string, digits: string): string;
  /** National number templates for mobiles: `#` = any digit, `N` = 2–9. */
  mobilePlans: readonly string[];
  /** National number templates for landlines. */
  landlinePlans: readonly string[];
}

const words = (text: string): string[] => text.trim().split(/\s+/);

const US: Locale = {
  country: 'US',
  utcOffsetHours: -5,
  femaleNames: words(`Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy
    Betty Sandra Margaret Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie
    Rebecca Laura Sharon Cynthia Kathleen Amy Angela Shirley Brenda Emma Olivia Sophia Isabella Mia Harper`),
  maleNames: words(`James Robert John Michael David William Richard Joseph Thomas Christopher Charles
    Daniel Matthew Anthony Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy Ronald
    Jason Edward Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon`),
  lastNames: words(`Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez
    Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
    Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores
    Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz
    Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan
    Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood`),
  mailProviders: [['gmail.com', 40], ['yahoo.com', 14], ['outlook.com', 10], ['hotmail.com', 9],
    ['icloud.com', 9], ['aol.com', 4], ['comcast.net', 4], ['att.net', 3], ['verizon.net', 2], ['msn.com', 2]],
  companyTld: 'com',
  cities: [['New York', 'NY', '100'], ['Chicago', 'IL', '606'], ['Houston', 'TX', '770'],
    ['Phoenix', 'AZ', '850'], ['Philadelphia', 'PA', '191'], ['Atlanta', 'GA', '303'],
    ['Seattle', 'WA', '981'], ['Boston', 'MA', '021'], ['Denver', 'CO', '802'], ['Miami', 'FL', '331']],
  streets: words(`Main_St Oak_Ave Maple_Dr Cedar_Ln Park_Ave Washington_St Lake_Rd Hill_St Elm_St Pine_St
    Sunset_Blvd Lincoln_Ave`).map((s) => s.replace(/_/g, ' ')),
  streetLine: (n, street) => `${n} ${street}`,
  postalCode: (prefix, digits) => `${prefix}${digits}`.slice(0, 5),
  mobilePlans: ['212N######', '312N######', '415N######', '617N######', '713N######', '305N######',
    '404N######', '206N######', '303N######', '602N######', '215N######', '646N######', '917N######',
    '773N######', '832N######', '786N######', '470N######', '425N######', '720N######', '480N######'],
  landlinePlans: ['212N######', '312N######', '415N######', '617N######', '713N######', '305N######',
    '404N######', '206N######', '303N######', '602N######', '215N######', '718N######'],
};

const GB: Locale = {
  country: 'GB',
  utcOffsetHours: 0,
  femaleNames: words(`Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Florence Emily
    Charlotte Poppy Sophie Evie Alice Ella Jessica Lucy Hannah Chloe Ruby Sarah Emma Rebecca Laura Claire
    Helen Joanne Katie Amy Gemma Rachel Victoria Eleanor`),
  maleNames: words(`Oliver George Noah Arthur Harry Leo Muhammad Jack Charlie Oscar Jacob Henry Thomas
    Freddie Alfie Theo William James Joshua Daniel Samuel Benjamin Edward Alexander Joseph Luke Matthew
    Callum Ryan Liam Adam Christopher Mark Paul Stephen Andrew Richard David`),
  lastNames: words(`Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
    Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson Wood Turner
    Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James Scott Phillips
    Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins
    Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson
    Foster Chapman Powell Webb Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes`),
  mailProviders: [['gmail.com', 38], ['hotmail.co.uk', 14], ['outlook.com', 10], ['yahoo.co.uk', 9],
    ['btinternet.com', 8], ['icloud.com', 8], ['live.co.uk', 5], ['sky.com', 4], ['virginmedia.com', 3],
    ['talktalk.net', 2]],
  companyTld: 'co.uk',
  cities: [['London', 'Greater London', 'SW1'], ['Manchester', 'Greater Manchester', 'M1'],
    ['Birmingham', 'West Midlands', 'B1'], ['Leeds', 'West Yorkshire', 'LS1'],
    ['Glasgow', 'Scotland', 'G1'], ['Bristol', 'Bristol', 'BS1'], ['Edinburgh', 'Scotland', 'EH1'],
    ['Liverpool', 'Merseyside', 'L1'], ['Cardiff', 'Wales', 'CF1'], ['Nottingham', 'Nottinghamshire', 'NG1']],
  streets: words(`High_Street Station_Road Church_Lane Victoria_Road Park_Road Green_Lane Manor_Road
    Kings_Road Queens_Road Mill_Lane School_Lane The_Crescent`).map((s) => s.replace(/_/g, ' ')),
  streetLine: (n, street) => `${n} ${street}`,
  postalCode: (prefix, digits) => `${prefix} ${digits[0]}${'ABDEFGHJLNPQRSTUWXYZ'[Number(digits[1]) * 2]}${'ABDEFGHJLNPQRSTUWXYZ'[Number(digits[2]) * 2 + 1]}`,
  mobilePlans: ['074########', '075########', '077########', '078########', '079########'],
  landlinePlans: ['0203#######', '0207#######', '0208#######', '0161N######', '0121N######',
    '0113N######', '0131N######', '0141N######', '0117N######', '0115N######'],
};

const DE: Locale = {
  country: 'DE',
  utcOffsetHours: 1,
  femaleNames: words(`Anna Lena Lea Hannah Emma Mia Sophie Marie Laura Lisa Julia Sarah Katharina Johanna
    Clara Charlotte Paula Leonie Emilia Ida Sabine Petra Susanne Claudia Andrea Nicole Stefanie Monika
    Birgit Ursula Heike Anja Martina Jana Franziska Melanie Christina Vanessa`),
  maleNames: words(`Lukas Leon Finn Jonas Paul Felix Elias Noah Ben Luis Maximilian Moritz Jan Tim Niklas
    Alexander Thomas Michael Andreas Stefan Christian Markus Frank Peter Wolfgang Klaus Jürgen Uwe Matthias
    Tobias Sebastian Daniel Florian Philipp Simon David Johannes Martin`),
  lastNames: words(`Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch
    Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange
    Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer
    Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther
    Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus
    Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber`),
  mailProviders: [['gmail.com', 25], ['web.de', 20], ['gmx.de', 18], ['t-online.de', 12],
    ['outlook.de', 6], ['yahoo.de', 5], ['gmx.net', 6], ['freenet.de', 3], ['icloud.com', 5]],
  companyTld: 'de',
  cities: [['Berlin', 'Berlin', '10'], ['Hamburg', 'Hamburg', '20'], ['München', 'Bayern', '80'],
    ['Köln', 'Nordrhein-Westfalen', '50'], ['Frankfurt am Main', 'Hessen', '60'],
    ['Stuttgart', 'Baden-Württemberg', '70'], ['Düsseldorf', 'Nordrhein-Westfalen', '40'],
    ['Leipzig', 'Sachsen', '04'], ['Dortmund', 'Nordrhein-Westfalen', '44'], ['Bremen', 'Bremen', '28']],
  streets: words(`Hauptstraße Schulstraße Gartenstraße Bahnhofstraße Dorfstraße Bergstraße Lindenstraße
    Birkenweg Kirchstraße Waldstraße Ringstraße Goethestraße`),
  streetLine: (n, street) => `${street} ${n}`,
  postalCode: (prefix, digits) => `${prefix}${digits}`.slice(0, 5),
  mobilePlans: ['0151########', '0152########', '0157########', '0160#######', '0162#######',
    '0170#######', '0171#######', '0172#######', '0176########', '0177#######', '0179#######'],
  landlinePlans: ['030N#######', '040N#######', '089N######', '069N######', '0221N######',
    '0711N######', '0211N######', '0341N######'],
};

const FR: Locale = {
  country: 'FR',
  utcOffsetHours: 1,
  femaleNames: words(`Marie Nathalie Isabelle Sylvie Catherine Françoise Valérie Christine Sandrine Sophie
    Céline Julie Camille Léa Manon Chloé Emma Inès Jade Louise Alice Lina Anne Claire Élodie Aurélie
    Émilie Laure Pauline Mathilde Charlotte Margaux Juliette Océane Clémence Lucie`),
  maleNames: words(`Jean Philippe Michel Alain Patrick Nicolas Christophe Pierre Christian Éric Frédéric
    Laurent Stéphane David Julien Sébastien Thomas Antoine Lucas Hugo Louis Gabriel Arthur Jules Léo Raphaël
    Maxime Alexandre Romain Guillaume Mathieu Vincent Olivier François Benoît Quentin`),
  lastNames: words(`Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel
    Lefebvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau
    Vincent Muller Lefèvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier François Legrand
    Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu Gautier Masson Marchand
    Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun Blanchard Giraud Joly Rivière Lucas
    Brunet Gaillard Barbier Arnaud Martinez Gérard Roche Renard Schmitt Roy Leroux Colin Vidal Caron`),
  mailProviders: [['gmail.com', 35], ['orange.fr', 16], ['hotmail.fr', 10], ['free.fr', 9],
    ['yahoo.fr', 8], ['laposte.net', 6], ['sfr.fr', 5], ['outlook.fr', 5], ['wanadoo.fr', 4], ['icloud.com', 4]],
  companyTld: 'fr',
  cities: [['Paris', 'Île-de-France', '75'], ['Marseille', "Provence-Alpes-Côte d'Azur", '13'],
    ['Lyon', 'Auvergne-Rhône-Alpes', '69'], ['Toulouse', 'Occitanie', '31'],
    ['Nice', "Provence-Alpes-Côte d'Azur", '06'], ['Nantes', 'Pays de la Loire', '44'],
    ['Strasbourg', 'Grand Est', '67'], ['Montpellier', 'Occitanie', '34'],
    ['Bordeaux', 'Nouvelle-Aquitaine', '33'], ['Lille', 'Hauts-de-France', '59']],
  streets: words(`rue_de_la_Paix rue_Victor_Hugo avenue_Jean_Jaurès rue_de_la_République boulevard_Voltaire
    rue_Pasteur rue_du_Moulin place_de_l'Église rue_des_Écoles avenue_de_la_Gare rue_Nationale
    chemin_des_Vignes`).map((s) => s.replace(/_/g, ' ')),
  streetLine: (n, street) => `${n} ${street}`,
  postalCode: (prefix, digits) => `${prefix}${digits}`.slice(0, 5),
  mobilePlans: ['06########', '073#######', '075#######', '076#######', '077#######', '078#######'],
  landlinePlans: ['01########', '02########', '03########', '04########', '05########'],
};

const AU: Locale = {
  country: 'AU',
  utcOffsetHours: 10,
  femaleNames: words(`Charlotte Olivia Amelia Isla Mia Ava Grace Chloe Willow Matilda Ella Sophie Emily
    Ruby Zoe Harper Sienna Evie Lily Isabella Jessica Sarah Rebecca Kate Emma Hannah Lauren Megan Michelle
    Nicole Kylie Melissa Tanya Rachel Amanda Lisa Belinda`),
  maleNames: words(`Oliver Noah Jack William Leo Lucas Henry Thomas Charlie James Hudson Ethan Mason
    Harrison Liam Cooper Lachlan Angus Hamish Mitchell Riley Joshua Daniel Benjamin Samuel Matthew Nathan
    Luke Ryan Michael Andrew Peter Craig Brett Shane Darren Scott`),
  lastNames: words(`Smith Jones Williams Brown Wilson Taylor Johnson White Martin Anderson Thompson Nguyen
    Thomas Walker Harris Lee Ryan Robinson Kelly King Davis Wright Evans Roberts Green Hall Wood Jackson
    Clarke Patel Khan Lewis James Phillips Mitchell Turner Campbell Edwards Murphy Hughes Cook Morris
    Baker Cooper Ward Stewart Moore Young Collins Bell Watson Scott Carter Adams Hill Allen Tran Chen Wang
    Li Singh Morgan Richardson Bennett Cox Gray Wu Murray Graham Russell Sullivan Fraser Kennedy Gibson
    Marshall Grant Reid Howard Butler Pearce`),
  mailProviders: [['gmail.com', 40], ['outlook.com', 10], ['hotmail.com', 10], ['bigpond.com', 10],
    ['yahoo.com.au', 8], ['icloud.com', 8], ['optusnet.com.au', 6], ['live.com.au', 4], ['iinet.net.au', 4]],
  companyTld: 'com.au',
  cities: [['Sydney', 'NSW', '20'], ['Melbourne', 'VIC', '30'], ['Brisbane', 'QLD', '40'],
    ['Perth', 'WA', '60'], ['Adelaide', 'SA', '50'], ['Canberra', 'ACT', '26'], ['Hobart', 'TAS', '70'],
    ['Gold Coast', 'QLD', '42'], ['Newcastle', 'NSW', '23'], ['Geelong', 'VIC', '32']],
  streets: words(`George_Street King_Street Queen_Street Victoria_Road Church_Street High_Street
    Railway_Parade Beach_Road Park_Avenue William_Street Elizabeth_Street Bridge_Road`).map((s) => s.replace(/_/g, ' ')),
  streetLine: (n, street) => `${n} ${street}`,
  postalCode: (prefix, digits) => `${prefix}${digits}`.slice(0, 4),
  mobilePlans: ['04########'],
  landlinePlans: ['02N#######', '03N#######', '07N#######', '08N#######'],
};

const LOCALES: Readonly<Record<GeneratorCountry, Locale>> = Object.freeze({ US, GB, DE, FR, AU });

/** The locale of a supported country. */
export function localeOf(country: GeneratorCountry): Locale {
  return LOCALES[country];
}

/** Words for company names (switchboard employers): "<first> <second>". */
export const COMPANY_WORDS: readonly [readonly string[], readonly string[]] = [
  words(`Northwind Bluewater Summit Redwood Silverline Ironbridge Harbor Crescent Evergreen Keystone
    Brightstone Oakridge Pinnacle Riverside Granite Lighthouse Meridian Horizon Westgate Falcon`),
  words(`Logistics Freight Engineering Partners Solutions Foods Dental Legal Insurance Motors Builders
    Consulting Health Media Realty Pharma Systems Hotels Energy Labs`),
];

/** Subjects of inbound emails (with `{n}` replaced by an order or case number). */
export const EMAIL_SUBJECTS: readonly string[] = [
  'Order #{n} has not arrived', 'Question about invoice {n}', 'Change of address', 'Refund for order #{n}',
  'Problem with my account', 'Cancel my subscription', 'Complaint about delivery', 'Update payment details',
  'Warranty claim {n}', 'Follow-up on case {n}', 'Login not working', 'Booking reference {n}',
];

/** Plus-tags people put on their addresses. */
export const PLUS_TAGS: readonly string[] = ['shop', 'orders', 'news', 'support', 'bills', 'online', 'acct'];
