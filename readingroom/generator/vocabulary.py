"""The words generated documents are made of: Cold War diplomacy, its people and places.

Templates have {slots} that the writer fills: {a} and {b} are people, {country}, {adj},
{capital} and {ministry} one state, {country2}, {adj2}, {capital2} another, {body} a
party or state organ, {event} a congress or conference, {subject} what it is about.
"""

# Names said with "the": "economic assistance to the Soviet Union".
THE = {"Soviet Union", "United States", "United Kingdom"}


def _country(name, adjective, capital, region, ministry, *native):
    return {
        "name": name,
        "called": f"the {name}" if name in THE else name,
        "adjective": adjective,
        "capital": capital,
        "region": region,
        "ministry": ministry,
        "native": list(native),
    }


EE, WE, EA, SEA, SA, ME = (
    "Eastern Europe",
    "Western Europe",
    "East Asia",
    "Southeast Asia",
    "South Asia",
    "Middle East",
)
NA, LA, AF = "North America", "Latin America", "Africa"

# Ordered by how often the archive's documents concern them.
COUNTRIES = [
    _country("Soviet Union", "Soviet", "Moscow", EE, "USSR Ministry of Foreign Affairs", "СССР"),
    _country("China", "Chinese", "Beijing", EA, "PRC Ministry of Foreign Affairs", "中国"),
    _country("United States", "American", "Washington", NA, "Department of State"),
    _country(
        "North Korea",
        "North Korean",
        "Pyongyang",
        EA,
        "DPRK Ministry of Foreign Affairs",
        "조선민주주의인민공화국",
    ),  # fmt: skip
    _country(
        "East Germany",
        "East German",
        "East Berlin",
        EE,
        "GDR Ministry of Foreign Affairs",
        "Deutsche Demokratische Republik",
    ),  # fmt: skip
    _country("Poland", "Polish", "Warsaw", EE, "Polish Ministry of Foreign Affairs", "Polska"),
    _country("Vietnam", "Vietnamese", "Hanoi", SEA, "DRV Ministry of Foreign Affairs", "Việt Nam"),
    _country("Hungary", "Hungarian", "Budapest", EE, "Hungarian Foreign Ministry", "Magyarország"),
    _country(
        "Czechoslovakia",
        "Czechoslovak",
        "Prague",
        EE,
        "Czechoslovak Foreign Ministry",
        "Československo",
    ),  # fmt: skip
    _country("Cuba", "Cuban", "Havana", LA, "Cuban Ministry of Foreign Relations"),
    _country("Romania", "Romanian", "Bucharest", EE, "Romanian Foreign Ministry", "România"),
    _country("Bulgaria", "Bulgarian", "Sofia", EE, "Bulgarian Foreign Ministry", "България"),
    _country(
        "Yugoslavia", "Yugoslav", "Belgrade", EE, "Yugoslav Federal Secretariat", "Југославија"
    ),  # fmt: skip
    _country(
        "Mongolia", "Mongolian", "Ulaanbaatar", EA, "Mongolian Foreign Ministry", "Монгол Улс"
    ),  # fmt: skip
    _country("Albania", "Albanian", "Tirana", EE, "Albanian Foreign Ministry", "Shqipëria"),
    _country("Japan", "Japanese", "Tokyo", EA, "Japanese Ministry of Foreign Affairs", "日本"),
    _country(
        "South Korea", "South Korean", "Seoul", EA, "ROK Ministry of Foreign Affairs", "대한민국"
    ),  # fmt: skip
    _country("India", "Indian", "New Delhi", SA, "Indian Ministry of External Affairs"),
    _country("United Kingdom", "British", "London", WE, "Foreign Office"),
    _country("France", "French", "Paris", WE, "Quai d'Orsay"),
    _country(
        "West Germany", "West German", "Bonn", WE, "Auswärtiges Amt", "Bundesrepublik Deutschland"
    ),  # fmt: skip
    _country("Italy", "Italian", "Rome", WE, "Italian Ministry of Foreign Affairs", "Italia"),
    _country("Egypt", "Egyptian", "Cairo", ME, "Egyptian Ministry of Foreign Affairs", "مصر"),
    _country("Iran", "Iranian", "Tehran", ME, "Iranian Ministry of Foreign Affairs", "ایران"),
    _country("Indonesia", "Indonesian", "Jakarta", SEA, "Indonesian Foreign Ministry"),
    _country("Afghanistan", "Afghan", "Kabul", SA, "Afghan Ministry of Foreign Affairs"),
    _country(
        "Finland", "Finnish", "Helsinki", WE, "Finnish Ministry for Foreign Affairs", "Suomi"
    ),  # fmt: skip
    _country("Austria", "Austrian", "Vienna", WE, "Austrian Foreign Ministry", "Österreich"),
    _country("Syria", "Syrian", "Damascus", ME, "Syrian Ministry of Foreign Affairs"),
    _country("Iraq", "Iraqi", "Baghdad", ME, "Iraqi Ministry of Foreign Affairs"),
    _country("Turkey", "Turkish", "Ankara", ME, "Turkish Ministry of Foreign Affairs", "Türkiye"),
    _country("Israel", "Israeli", "Jerusalem", ME, "Israeli Ministry of Foreign Affairs"),
    _country("Pakistan", "Pakistani", "Karachi", SA, "Pakistani Ministry of Foreign Affairs"),
    _country("Laos", "Lao", "Vientiane", SEA, "Lao Ministry of Foreign Affairs"),
    _country("Cambodia", "Cambodian", "Phnom Penh", SEA, "Cambodian Foreign Ministry"),
    _country("Burma", "Burmese", "Rangoon", SEA, "Burmese Foreign Ministry"),
    _country("Ethiopia", "Ethiopian", "Addis Ababa", AF, "Ethiopian Foreign Ministry"),
    _country("Angola", "Angolan", "Luanda", AF, "Angolan Ministry of External Relations"),
    _country("Mozambique", "Mozambican", "Maputo", AF, "Mozambican Foreign Ministry"),
    _country("Algeria", "Algerian", "Algiers", AF, "Algerian Ministry of Foreign Affairs"),
    _country("Ghana", "Ghanaian", "Accra", AF, "Ghanaian Ministry of Foreign Affairs"),
    _country("Guinea", "Guinean", "Conakry", AF, "Guinean Ministry of Foreign Affairs"),
    _country("Nicaragua", "Nicaraguan", "Managua", LA, "Nicaraguan Foreign Ministry"),
    _country("Chile", "Chilean", "Santiago", LA, "Chilean Ministry of Foreign Relations"),
    _country("Mexico", "Mexican", "Mexico City", LA, "Mexican Secretariat of Foreign Relations"),
    _country("Brazil", "Brazilian", "Rio de Janeiro", LA, "Itamaraty"),
]

NATIVE = {
    "Moscow": ["Москва"],
    "Beijing": ["Peking", "北京"],
    "Pyongyang": ["평양"],
    "Warsaw": ["Warszawa"],
    "Prague": ["Praha"],
    "Bucharest": ["București"],
    "Sofia": ["София"],
    "Belgrade": ["Beograd"],
    "Tokyo": ["東京"],
    "Seoul": ["서울"],
    "Leningrad": ["Ленинград", "Saint Petersburg"],
    "Kiev": ["Київ", "Kyiv"],
    "Shanghai": ["上海"],
    "Lüshun": ["Port Arthur", "旅顺"],
    "Dalian": ["Dairen", "大连"],
    "Harbin": ["哈尔滨"],
    "Nanjing": ["Nanking", "南京"],
    "Guangzhou": ["Canton", "广州"],
    "Gdańsk": ["Danzig"],
    "Wrocław": ["Breslau"],
    "Kaliningrad": ["Königsberg"],
    "Saigon": ["Ho Chi Minh City"],
    "Ulaanbaatar": ["Ulan Bator", "Улаанбаатар"],
}

CITIES = {
    EE: "Leningrad, Kiev, Minsk, Riga, Vilnius, Tallinn, Tbilisi, Baku, Yerevan, Tashkent, "
    "Alma-Ata, Novosibirsk, Vladivostok, Khabarovsk, Irkutsk, Sverdlovsk, Kaliningrad, "
    "Murmansk, Sevastopol, Odessa, Kraków, Gdańsk, Wrocław, Poznań, Łódź, Leipzig, Dresden, "
    "Rostock, Karl-Marx-Stadt, Magdeburg, Brno, Bratislava, Ostrava, Debrecen, Szeged, "
    "Cluj, Constanța, Plovdiv, Varna, Zagreb, Ljubljana, Sarajevo, Skopje, Durrës",
    WE: "West Berlin, Munich, Hamburg, Frankfurt, Geneva, Bern, Stockholm, Oslo, Copenhagen, "
    "Brussels, The Hague, Amsterdam, Madrid, Lisbon, Athens, Reykjavik, Dublin, Milan, "
    "Marseille, Strasbourg, Salzburg",
    EA: "Shanghai, Lüshun, Dalian, Harbin, Shenyang, Changchun, Nanjing, Wuhan, Guangzhou, "
    "Chongqing, Xi'an, Lanzhou, Urumqi, Lhasa, Kunming, Hangzhou, Taipei, Hong Kong, Macau, "
    "Kaesong, Panmunjom, Wonsan, Hamhung, Sinuiju, Busan, Inchon, Osaka, Okinawa, "
    "Kyoto, Nagasaki",
    SEA: "Saigon, Hue, Da Nang, Haiphong, Dien Bien Phu, Bangkok, Kuala Lumpur, Singapore, "
    "Manila, Bandung, Surabaya",
    SA: "Bombay, Calcutta, Madras, Colombo, Kathmandu, Dacca, Rawalpindi, Lahore, Kandahar, Herat",
    ME: "Beirut, Amman, Tel Aviv, Alexandria, Suez, Port Said, Aden, Riyadh, Basra, Tabriz, "
    "Istanbul, Nicosia",
    NA: "New York, Camp David, Ottawa, Montreal, San Francisco, Honolulu, Chicago",
    LA: "Bogotá, Caracas, Lima, Buenos Aires, Montevideo, La Paz, Quito, Santo Domingo, "
    "Guatemala City, San Salvador, Panama City, Kingston",
    AF: "Lagos, Nairobi, Dar es Salaam, Kinshasa, Brazzaville, Khartoum, Tripoli, Tunis, "
    "Rabat, Dakar, Bamako, Lusaka, Harare",
}

# (name, span) — a span makes the label "Korean War, 1950-1953", as on the seed pages.
TOPICS = [
    ("Korean War", "1950/1953"),
    ("Sino-Soviet Split", "1960/1984"),
    ("Cuban Missile Crisis", "1962"),
    ("Berlin Crisis", "1958/1962"),
    ("Hungarian Revolution", "1956"),
    ("Prague Spring", "1968"),
    ("Nuclear History", ""),
    ("Vietnam War", "1955/1975"),
    ("Taiwan Strait Crises", "1954/1958"),
    ("Cold War Origins", ""),
    ("Soviet Foreign Policy", ""),
    ("Chinese Foreign Policy", ""),
    ("Warsaw Pact", "1955/1991"),
    ("NATO", ""),
    ("Non-Aligned Movement", ""),
    ("Decolonization", ""),
    ("Détente", "1969/1979"),
    ("Arms Control", ""),
    ("Nuclear Proliferation", ""),
    ("Helsinki Process", "1972/1975"),
    ("Polish Crisis", "1980/1981"),
    ("Soviet Invasion of Afghanistan", "1979/1989"),
    ("Great Leap Forward", "1958/1960"),
    ("Cultural Revolution", "1966/1976"),
    ("Stalin and the Cold War", "1945/1953"),
    ("De-Stalinization", ""),
    ("Anti-Rightist Campaign", "1957"),
    ("Suez Crisis", "1956"),
    ("Six-Day War", "1967"),
    ("Yom Kippur War", "1973"),
    ("Iranian Revolution", "1979"),
    ("Geneva Conference", "1954"),
    ("Bandung Conference", "1955"),
    ("Sino-Indian War", "1962"),
    ("Sino-Vietnamese War", "1979"),
    ("Korean Armistice Negotiations", "1951/1953"),
    ("Berlin Wall", "1961/1989"),
    ("Solidarity", ""),
    ("Economic Aid", ""),
    ("Military Aid", ""),
    ("Intelligence", ""),
    ("Propaganda", ""),
    ("International Communist Movement", ""),
    ("Space Race", ""),
    ("Human Rights", ""),
    ("Trade", ""),
    ("Refugees", ""),
    ("Prisoners of War", ""),
    ("Chinese Nuclear Program", ""),
    ("Soviet Nuclear Program", ""),
    ("Global Cold War", ""),
    ("End of the Cold War", "1985/1991"),
    ("Russian Civil War", "1917/1922"),
    ("World War II", "1939/1945"),
    ("Yalta Conference", "1945"),
    ("Potsdam Conference", "1945"),
    ("Marshall Plan", "1947/1952"),
    ("Comecon", ""),
    ("Southern Africa", ""),
    ("Horn of Africa", ""),
]
# "Sino-" rather than "Chinese-" when a relation is named.
RELATION_PREFIX = {"Chinese": "Sino", "Soviet": "Soviet", "American": "US"}

FUNDERS = [
    "Carnegie Corporation of New York (CCNY)",
    "John D. and Catherine T. MacArthur Foundation",
    "Henry Luce Foundation",
    "Korea Foundation",
    "Leon Levy Foundation",
    "Smith Richardson Foundation",
    "Ford Foundation",
    "Rockefeller Brothers Fund",
    "National Endowment for the Humanities",
    "Chun & Jane Chiu Family Foundation",
    "Ploughshares Fund",
    "Open Society Foundations",
    "Friedrich-Ebert-Stiftung",
    "Japan Foundation",
    "Taipei Economic and Cultural Representative Office",
    "Andrew W. Mellon Foundation",
    "Woodrow Wilson International Center for Scholars",
    "Hungarian Academy of Sciences",
    "Volkswagen Foundation",
    "Norwegian Nobel Institute",
]

# (name, short name, location, style of its references)
REPOSITORIES = [
    ("Archive of Foreign Policy of the Russian Federation (AVPRF)", "AVPRF", "Moscow", "ru"),
    ("Russian State Archive of Contemporary History (RGANI)", "RGANI", "Moscow", "ru"),
    ("TsKhSD (Center for the Storage of Contemporary Documentation)", "TsKhSD", "Moscow", "ru"),
    ("Archive of the President of the Russian Federation (APRF)", "APRF", "Moscow", "ru"),
    ("Russian State Archive of Socio-Political History (RGASPI)", "RGASPI", "Moscow", "ru"),
    ("Russian State Military Archive (RGVA)", "RGVA", "Moscow", "ru"),
    ("State Archive of the Russian Federation (GARF)", "GARF", "Moscow", "ru"),
    ("Russian State Archive of the Economy (RGAE)", "RGAE", "Moscow", "ru"),
    ("Central Archive of the Ministry of Defense (TsAMO)", "TsAMO", "Podolsk", "ru"),
    ("Central State Archive of Public Organizations of Ukraine", "TsDAHO", "Kyiv", "ru"),
    ("Chinese Foreign Ministry Archive", "PRCFMA", "Beijing", "zh"),
    ("Central Archives of China", "", "Beijing", "zh"),
    ("Shanghai Municipal Archive", "", "Shanghai", "zh"),
    ("Jilin Provincial Archives", "", "Changchun", "zh"),
    ("Guangdong Provincial Archives", "", "Guangzhou", "zh"),
    ("Academia Historica", "", "Taipei", "zh"),
    ("National Archives and Records Administration (NARA)", "NARA", "College Park", "us"),
    ("Dwight D. Eisenhower Presidential Library", "", "Abilene", "us"),
    ("John F. Kennedy Presidential Library", "", "Boston", "us"),
    ("Lyndon B. Johnson Presidential Library", "", "Austin", "us"),
    ("Richard Nixon Presidential Library", "", "Yorba Linda", "us"),
    ("Jimmy Carter Presidential Library", "", "Atlanta", "us"),
    ("Hoover Institution Archives", "", "Stanford", "us"),
    ("Library of Congress", "LOC", "Washington", "us"),
    (
        "Stiftung Archiv der Parteien und Massenorganisationen der DDR im Bundesarchiv (SAPMO)",
        "SAPMO",
        "Berlin",
        "de",
    ),  # fmt: skip
    ("Political Archive of the Foreign Office (PA AA)", "PA AA", "Berlin", "de"),
    ("Bundesarchiv-Militärarchiv", "BA-MA", "Freiburg", "de"),
    ("Archive of the Federal Commissioner for the Stasi Records (BStU)", "BStU", "Berlin", "de"),
    ("Central Archives of Modern Records (AAN)", "AAN", "Warsaw", "eu"),
    ("Archive of the Polish Ministry of Foreign Affairs", "AMSZ", "Warsaw", "eu"),
    ("Hungarian National Archives (MNL OL)", "MNL OL", "Budapest", "eu"),
    ("National Archives of the Czech Republic", "NA", "Prague", "eu"),
    ("Archive of the Ministry of Foreign Affairs of the Czech Republic", "AMZV", "Prague", "eu"),
    ("Romanian National Archives", "ANIC", "Bucharest", "eu"),
    ("Central State Archive of Bulgaria", "TsDA", "Sofia", "eu"),
    ("Archive of Yugoslavia", "AJ", "Belgrade", "eu"),
    ("Albanian Central State Archive", "AQSH", "Tirana", "eu"),
    ("Mongolian Foreign Ministry Archive", "", "Ulaanbaatar", "eu"),
    ("Vietnam National Archives Center No. 3", "", "Hanoi", "eu"),
    ("Diplomatic Archives of the Ministry of Foreign Affairs of Japan", "", "Tokyo", "eu"),
    ("Diplomatic Archives of the Republic of Korea", "", "Seoul", "eu"),
    ("National Archives of India", "NAI", "New Delhi", "eu"),
    ("The National Archives of the United Kingdom", "TNA", "Kew", "eu"),
    ("Archives diplomatiques", "", "La Courneuve", "eu"),
    ("Italian Foreign Ministry Historical Archive", "ASMAE", "Rome", "eu"),
    ("Swiss Federal Archives", "", "Bern", "eu"),
    ("Archives of the Communist Party of Cuba", "", "Havana", "eu"),
    ("Israel State Archives", "ISA", "Jerusalem", "eu"),
    ("United Nations Archives", "UNA", "New York", "eu"),
    ("International Atomic Energy Agency Archives", "IAEA", "Vienna", "eu"),
]

# (code, weight): the languages documents were first written in.
LANGUAGE_WEIGHTS = [
    ("ru", 34),
    ("zh", 16),
    ("en", 10),
    ("de", 8),
    ("pl", 4),
    ("hu", 4),
    ("cs", 3),
    ("fr", 3),
    ("ko", 3),
    ("ro", 2),
    ("bg", 2),
    ("ja", 2),
    ("vi", 2),
    ("mn", 1),
    ("sr", 1),
    ("it", 1),
    ("es", 1),
    ("sq", 1),
    ("ar", 1),
    ("fa", 1),
]

RU_FIRST = [
    ("Ivan", "Иван"), ("Nikolai", "Николай"), ("Andrei", "Андрей"), ("Vasilii", "Василий"),
    ("Mikhail", "Михаил"), ("Aleksei", "Алексей"), ("Sergei", "Сергей"), ("Pavel", "Павел"),
    ("Dmitrii", "Дмитрий"), ("Yurii", "Юрий"), ("Leonid", "Леонид"), ("Boris", "Борис"),
    ("Anastas", "Анастас"), ("Georgii", "Георгий"), ("Viktor", "Виктор"), ("Petr", "Пётр"),
    ("Aleksandr", "Александр"), ("Vladimir", "Владимир"), ("Konstantin", "Константин"),
    ("Valentina", "Валентина"), ("Ekaterina", "Екатерина"), ("Nina", "Нина"),
    ("Lev", "Лев"), ("Fedor", "Фёдор"), ("Stepan", "Степан"), ("Oleg", "Олег"),
]  # fmt: skip
RU_LAST = [
    ("Petrov", "Петров"), ("Ivanov", "Иванов"), ("Sokolov", "Соколов"), ("Kuznetsov", "Кузнецов"),
    ("Popov", "Попов"), ("Orlov", "Орлов"), ("Volkov", "Волков"), ("Zhukov", "Жуков"),
    ("Yudin", "Юдин"), ("Chervonenko", "Червоненко"), ("Puzanov", "Пузанов"),
    ("Ignatiev", "Игнатьев"), ("Suslov", "Суслов"), ("Kosygin", "Косыгин"),
    ("Ponomarev", "Пономарёв"), ("Andropov", "Андропов"), ("Semenov", "Семёнов"),
    ("Kapitsa", "Капица"), ("Rakhmanin", "Рахманин"), ("Tikhvinskii", "Тихвинский"),
    ("Lavrentiev", "Лаврентьев"), ("Kuznetsova", "Кузнецова"), ("Bogdanov", "Богданов"),
    ("Fedorenko", "Федоренко"), ("Arkhipov", "Архипов"), ("Malik", "Малик"),
    ("Zorin", "Зорин"), ("Tsarapkin", "Царапкин"), ("Dobrynin", "Добрынин"),
    ("Kornienko", "Корниенко"), ("Grechko", "Гречко"), ("Ustinov", "Устинов"),
]  # fmt: skip
ZH_FAMILY = [
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"),
    ("Yang", "杨"), ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"),
    ("Xu", "徐"), ("Sun", "孙"), ("Ma", "马"), ("Zhu", "朱"), ("Hu", "胡"), ("Guo", "郭"),
    ("He", "何"), ("Gao", "高"), ("Lin", "林"), ("Luo", "罗"), ("Peng", "彭"), ("Deng", "邓"),
]  # fmt: skip
ZH_SYLLABLES = [
    ("jian", "建"), ("guo", "国"), ("ming", "明"), ("hua", "华"), ("wei", "伟"), ("de", "德"),
    ("xiao", "小"), ("ping", "平"), ("zhi", "志"), ("qiang", "强"), ("hong", "红"),
    ("wen", "文"), ("bo", "波"), ("yun", "云"), ("shan", "山"), ("tao", "涛"), ("jun", "军"),
    ("hai", "海"), ("dong", "东"), ("en", "恩"), ("lai", "来"), ("xiu", "修"), ("quan", "权"),
    ("sheng", "生"), ("chang", "昌"), ("rong", "荣"), ("kang", "康"), ("yi", "毅"),
]  # fmt: skip
# Names of Central European, Western and Third World statesmen, mixed freely.
LATIN_FIRST = """Jan Piotr Stanisław Władysław Józef Walter Erich Otto Karl Friedrich
Hermann Kurt János Mátyás Imre Ferenc Gyula Antonín Klement Gustáv Alexander Václav
Gheorghe Nicolae Todor Georgi Josip Enver Edvard John George Dean Henry William Robert
Harold Charles Anthony Pierre Maurice Jacques Georges Giuseppe Pietro Amintore Urho
Olof Willy Helmut Kim Fidel Ernesto Raúl Jawaharlal Gamal Sukarno Kwame Ahmed Hafez
Mary Margaret Helen Ruth Anna""".split()  # noqa: SIM905 (a list of 60 names reads better so)
LATIN_LAST = """Kowalski Nowak Wiśniewski Gomułka Cyrankiewicz Rapacki Ulbricht Honecker
Grotewohl Pieck Winzer Kádár Rákosi Nagy Münnich Novotný Husák Dubček Gottwald Široký
Dej Ceaușescu Zhivkov Dimitrov Tito Kardelj Hoxha Shehu Dulles Acheson Rusk Kissinger
Harriman Bohlen Kennan Thompson Stevenson Eden Macmillan Lloyd Couve Pineau Fanfani
Saragat Kekkonen Palme Brandt Schmidt Adenauer Castro Guevara Nehru Menon Nasser
Sukarno Nkrumah Touré Bhutto Assad Smith Jones Miller Taylor Martin Schulz Fischer
Horváth Novák Dvořák Popescu Ionescu Georgiev Petrović Marković""".split()  # noqa: SIM905

OCCUPATIONS = [
    "a Soviet diplomat, ambassador to several socialist countries",
    "a member of the Politburo and a leading figure of the party",
    "a Chinese diplomat and vice minister of foreign affairs",
    "an American diplomat who served in Moscow and Beijing",
    "a military commander and later minister of defense",
    "an interpreter at many high-level meetings",
    "a journalist and party propagandist",
    "a nuclear physicist who advised his government",
    "a trade official who negotiated economic agreements",
    "an intelligence officer posted abroad under diplomatic cover",
]

BODIES = [
    "CC CPSU Presidium",
    "CC CPSU Politburo",
    "CCP Central Committee",
    "CCP Politburo",
    "National Security Council",
    "SED Politburo",
    "Polish United Workers' Party Politburo",
    "Hungarian Socialist Workers' Party Political Committee",
    "Korean Workers' Party Central Committee",
    "USSR Council of Ministers",
    "State Council of the PRC",
    "Central Military Commission",
    "Warsaw Pact Political Consultative Committee",
    "Czechoslovak Communist Party Presidium",
    "Romanian Workers' Party Politburo",
    "Bulgarian Communist Party Central Committee",
    "Vietnam Workers' Party Central Committee",
    "Mongolian People's Revolutionary Party Politburo",
]
EVENTS = [
    "Twentieth Congress of the CPSU",
    "Twenty-Second Congress of the CPSU",
    "Eighth Congress of the Chinese Communist Party",
    "Moscow Meeting of Communist and Workers' Parties",
    "Geneva Conference on Indochina",
    "Bandung Conference",
    "Conference on Security and Cooperation in Europe",
    "Session of the United Nations General Assembly",
    "Summit of the Non-Aligned Countries in Belgrade",
    "Meeting of the Warsaw Pact Political Consultative Committee",
    "Plenum of the Central Committee",
    "Conference of Foreign Ministers",
    "Bucharest Conference of Communist Parties",
    "Tashkent Conference",
]
NUMBERS = ["two", "three", "four", "five", "ten", "fifteen", "twenty", "fifty", "one hundred"]

# Sentence case; titles capitalize them.
SUBJECTS = [
    "the situation in {country}",
    "economic assistance to {country}",
    "military aid to {country}",
    "the nuclear program of {country}",
    "the border question",
    "the withdrawal of {adj} specialists from {country2}",
    "preparations for the {event}",
    "the German question",
    "the status of West Berlin",
    "the admission of {country} to the United Nations",
    "trade negotiations with {country}",
    "the repatriation of prisoners of war",
    "the armistice negotiations",
    "the crisis in the Taiwan Strait",
    "the visit of the {adj} government delegation to {capital2}",
    "the results of the {event}",
    "arms control and disarmament",
    "scientific and technical cooperation",
    "the training of {adj} students in {country2}",
    "developments in the international communist movement",
    "the situation on the Korean Peninsula",
    "the supply of grain to {country}",
    "relations between {country} and {country2}",
    "the position of the {adj} leadership",
    "the construction of an atomic reactor in {country}",
    "the activities of the {adj} embassy in {capital2}",
    "the visit of {a} to {capital}",
    "the talks between {a} and {b}",
    "the {adj} proposal for a nonaggression pact",
    "the question of a peace treaty with {country}",
]

TITLES = {
    "conversation": [
        "Memorandum of Conversation between {a} and {b}",
        "Record of Conversation between {a} and {b} on {subject}",
        "Record of Conversation between {adj} Ambassador {a} and {b}",
        "Memorandum of Conversation with {b}, {capital}",
    ],
    "telegram": [
        "Telegram from the {adj} Embassy in {capital2} to the {ministry}",
        "Telegram from the {adj} Embassy in {capital2} to the {ministry} on {subject}",
        "Telegram from {a} to {b} regarding {subject}",
    ],
    "cable": [
        "Cable from {a} to {b} on {subject}",
        "Cable from the {ministry} to the {adj} Embassy in {capital2}",
    ],
    "letter": [
        "Letter from {a} to {b}",
        "Letter from {a} to {b} on {subject}",
        "Letter from the {body} to {b} regarding {subject}",
    ],
    "memorandum": [
        "Memorandum from {a} to {b}: {subject}",
        "Memorandum for the Record on {subject}",
        "Memorandum of the {ministry} on {subject}",
    ],
    "minutes": [
        "Minutes of the Meeting of the {body} on {subject}",
        "Minutes of Conversation between the {adj} and {adj2} Delegations",
    ],
    "report": [
        "Report by the {adj} Embassy in {capital2} on {subject}",
        "Report from {a} to the {body} on {subject}",
        "Information Report on {subject}",
    ],
    "speech": ["Speech by {a} at the {event}", "Speech by {a} on {subject}"],
    "diary": [
        "From the Journal of {a}: Record of a Conversation with {b}",
        "Diary of {adj} Ambassador {a}, {capital2}",
    ],
    "directive": ["Directive of the {body} to {a} on {subject}"],
    "resolution": ["Resolution of the {body} on {subject}"],
    "agreement": ["Agreement between the Governments of {country} and {country2} on {subject}"],
    "note": ["Note from the {ministry} to the {adj2} Embassy on {subject}"],
    "editorial-note": ["Editorial Note on {subject}"],
    "other": ["Excerpts from the Notes of {a} on {subject}"],
}

SUMMARIES = [
    "{a} informs {b} about {subject}.",
    "Discussion of {subject}, including the position of {country2}.",
    "The {adj} embassy in {capital2} reports on {subject}.",
    "{a} and {b} discuss {subject} and the position of {country2}.",
    "The {body} decides on {subject}.",
    "{a} asks for the views of the {adj2} leadership on {subject}.",
    "An account of {subject}, with an assessment of the consequences for {country}.",
    "{b} describes {subject} and asks for instructions.",
]

SENTENCES = [
    "{a} thanked the {adj} leadership for the assistance rendered to {country2}.",
    "The {adj} side considers it necessary to continue consultations on {subject}.",
    "In the conversation {a} noted that the situation in {country} remains complicated.",
    "I informed {a} that the question of {subject} would be discussed by the {body}.",
    "{a} stated that the {adj} government has no intention of changing its position.",
    "According to {capital}, the {adj2} delegation will arrive in {capital2} next week.",
    "The Embassy believes that this proposal deserves serious attention.",
    "At the end of the meeting {a} asked me to convey his best wishes to {b}.",
    "It was agreed that the experts of both sides would meet again in {capital}.",
    "The {adj} comrades emphasized that they fully support the proposals on {subject}.",
    "Please inform us of your views on this matter.",
    "{b} replied that he would report the conversation to the {body}.",
    "The conversation lasted two hours and took place in a friendly atmosphere.",
    "We consider it expedient to send {number} specialists to {country} in the coming year.",
    "{a} said that the {adj} people would never forget the help of {country2}.",
    "The ambassador pointed out that {subject} could not be solved without {country}.",
    "In reply to my question, {a} said that the matter was still under consideration.",
    "The {ministry} has been instructed to prepare a draft agreement on {subject}.",
    "I request instructions on how to answer {b}.",
    "{a} mentioned that the leadership of {country} had expressed concern about {subject}.",
    "The {adj2} representatives did not raise the question of {subject}.",
    "Present at the conversation were {a}, {b} and the interpreter of the embassy.",
    "The meeting of the {body} approved the draft with minor amendments.",
    "It should be noted that the press of {country} has lately written about {subject}.",
    "There is every reason to believe that the {adj} side will accept these proposals.",
    "{b} stressed that his government attaches great importance to {subject}.",
    "The delegation of {country} will consist of {number} persons.",
    "The question of {subject} was discussed in detail.",
    "We ask you to speed up the delivery of the equipment promised to {country2}.",
    "The {adj} embassy in {capital2} will be informed of this decision.",
    "In his opinion, the position of {country2} on {subject} has become more flexible.",
    "This information should not be published.",
    "{a} thanked me for the information and promised to inform {b} of its contents.",
    "According to {b}, the harvest in {country} this year will be lower than expected.",
    "Further talks on {subject} are planned for the autumn.",
    "The {adj} side proposed to sign the protocol in {capital}.",
    "The situation along the border with {country2} is calm.",
    "{a} asked whether the Soviet government would agree to a meeting at the highest level.",
    "The memorandum on {subject} is attached.",
    "I consider it necessary to report the following.",
]

FOOTNOTES = [
    "Reference is to {a}.",
    "The word is illegible in the original.",
    "The conversation with {b} has not been found.",
    'Handwritten in the margin: "Agreed. {a}".',
    "See the record of conversation between {a} and {b} of the previous day.",
    "The report on {subject} is not printed.",
    'Translator\'s note: literally, "the fraternal parties".',
    "On the {event}, see the editors' introduction.",
    "The attachment on {subject} was not found in the file.",
]

PRINTED = [
    "Cold War International History Project Bulletin, Issue {number} (Washington, DC).",
    "Published in Foreign Relations of the United States, volume on {country}.",
    "Translated from a collection of documents on {subject} published in {capital}.",
]

RIGHTS = [
    "The History and Public Policy Program welcomes reuse of this document for research "
    "and education, with the citation given above.",
    "This document is in the public domain.",
    "Reproduced for research and education with the permission of the holding archive.",
]

RU_SENTENCES = [
    "Совершенно секретно.",
    "Посольство считает необходимым продолжить консультации по этому вопросу.",
    "В ходе беседы было отмечено, что положение остаётся сложным.",
    "Я сообщил, что этот вопрос будет рассмотрен в Президиуме ЦК КПСС.",
    "Он заявил, что правительство не намерено менять свою позицию.",
    "Беседа продолжалась два часа и прошла в дружественной обстановке.",
    "Просим сообщить ваше мнение по этому вопросу.",
    "Считаем целесообразным направить группу советских специалистов.",
    "Китайские товарищи подчеркнули, что полностью поддерживают эти предложения.",
    "В конце беседы он просил передать наилучшие пожелания советским руководителям.",
    "Договорились, что эксперты обеих сторон встретятся снова в Москве.",
    "На беседе присутствовали советник посольства и переводчик.",
    "Прошу указаний, как ответить на эту просьбу.",
    "По его словам, урожай в этом году будет ниже ожидаемого.",
    "Положение на границе спокойное.",
    "Дальнейшие переговоры намечены на осень.",
    "Проект соглашения прилагается.",
    "Считаю необходимым доложить следующее.",
    "Посол поблагодарил за информацию и обещал доложить о ней руководству.",
    "Вопрос о строительстве атомного реактора был обсуждён подробно.",
]
ZH_SENTENCES = [
    "绝密。",
    "中国共产党中央委员会认为有必要就这一问题继续进行协商。",
    "在谈话中指出，目前的局势仍然十分复杂。",
    "我告诉他，这个问题将由中央政治局讨论。",
    "他表示，政府无意改变自己的立场。",
    "谈话进行了两个小时，气氛友好。",
    "请将你们对此问题的意见告诉我们。",
    "我们认为有必要派遣一批专家前往。",
    "苏联同志强调，他们完全支持这些建议。",
    "谈话结束时，他请我转达对中国领导人的良好祝愿。",
    "双方商定，专家们将在北京再次会晤。",
    "参加谈话的有大使馆参赞和翻译。",
    "请指示应如何答复这一请求。",
    "据他说，今年的收成将低于预期。",
    "边境局势平静。",
    "进一步的谈判定于秋季举行。",
    "协定草案附后。",
    "现将有关情况报告如下。",
    "大使感谢我们提供的情况，并答应向领导报告。",
    "关于建设原子反应堆的问题进行了详细讨论。",
]
HEADINGS = ["TOP SECRET", "SECRET", "CONFIDENTIAL", "Copy No. 3", "Urgent", "Strictly confidential"]
