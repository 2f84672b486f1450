"""Data for the members' demo content (members.demo): names, countries, organisations and
titles of a plausible community of practice on decentralization. Nothing here is about real people.

Countries are weighted so that Africa, Asia and the Middle East and North Africa, the Alliance's
focus regions, hold most members.
"""

from dataclasses import dataclass

# --- Names by culture: given names, family names, whether the family name comes first -------
_NAME_TABLE: dict[str, tuple[str, str, bool]] = {
    "east_african": (
        (
            "Amina Wanjiru Achieng Baraka Zawadi Mugisha Uwase Joseph Grace Faith Peter Neema "
            "Halima Juma Rehema Emmanuel Esther Daudi Imani Njeri Kevin Mercy Brian Winnie"
        ),
        (
            "Mwangi Otieno Kamau Ochieng Wanjiku Njoroge Mutua Kiprono Chebet Mugisha Uwimana "
            "Habimana Kato Ssempala Nakato Mushi Massawe Mrema Kimaro Akinyi Okello Byaruhanga "
            "Nyambura Tumusiime Niyonsaba"
        ),
        False,
    ),
    "west_african_en": (
        (
            "Chinedu Ngozi Oluwaseun Adebayo Funmilayo Emeka Aisha Ibrahim Kwame Ama Kofi Abena "
            "Yaw Efua Fatima Musa Blessing Chiamaka Tunde Zainab Sahr Mariama Kojo Akosua"
        ),
        (
            "Okafor Adeyemi Okonkwo Bello Abubakar Eze Mensah Boateng Owusu Asante Danso Koroma "
            "Kamara Sesay Johnson Nwosu Ogunleye Yakubu Appiah Darko Adjei Nnamdi Oyelaran"
        ),
        False,
    ),
    "west_african_fr": (
        (
            "Aminata Moussa Fatou Ibrahima Mamadou Awa Ousmane Mariam Seydou Aïssatou Boubacar "
            "Kadiatou Abdoulaye Ramatou Issa Salimata Yacouba Adjoa Serge Clarisse Désiré Rokia"
        ),
        (
            "Diallo Ndiaye Traoré Ouédraogo Koné Sow Diop Sawadogo Coulibaly Keïta Camara Touré "
            "Cissé Kaboré Zongo Kouassi Yao Bamba Mahamadou Issoufou Adjovi Houngbédji Faye"
        ),
        False,
    ),
    "central_african_fr": (
        (
            "Jean-Pierre Mireille Patrick Solange Didier Chantal Christelle Fabrice Blaise Nadège "
            "Hervé Brigitte Arsène Gisèle Innocent Josiane"
        ),
        (
            "Mbuyi Tshibanda Ilunga Mukendi Kalonji Fotso Mbarga Ngono Tchinda Essomba Niyonzima "
            "Ndikumana Kasongo Lukusa Nkwenti Atangana"
        ),
        False,
    ),
    "malagasy": (
        "Hery Fanja Andry Voahangy Tiana Rivo Lalao Mamy Nirina Haingo",
        (
            "Rakotomalala Rasoanaivo Randriamanana Rakotoarisoa Andrianjafy Razafindrakoto "
            "Rabemananjara Ravelomanana"
        ),
        False,
    ),
    "southern_african": (
        (
            "Thabo Nomvula Sipho Lindiwe Tendai Chipo Mphatso Thandiwe Kagiso Naledi Mwila Bwalya "
            "Tatenda Farai Lerato Precious Chikondi Kabelo Nokuthula Themba"
        ),
        (
            "Nkosi Dlamini Mthembu Khumalo Ndlovu Moyo Banda Phiri Chanda Mwale Mulenga Sibanda "
            "Mokoena Molefe Chirwa Tembo Mhlanga Masilela Zulu Mbewe"
        ),
        False,
    ),
    "lusophone_african": (
        (
            "João Ana Manuel Celeste Carlos Isabel Armando Lurdes Domingos Fátima Inocêncio Graça "
            "Paulo Teresa Albino Esperança"
        ),
        (
            "Machava Cossa Nhantumbo Macuácua Santos Fernandes Tembe Mondlane Sitoe Chissano "
            "Muianga Matsinhe Langa Bila"
        ),
        False,
    ),
    "ethiopian": (
        "Abebe Tigist Mekdes Dawit Selam Yonas Hiwot Bethlehem Girma Meron Solomon Eden",
        ("Haile Tesfaye Girma Bekele Alemu Mengistu Tadesse Gebremedhin Kebede Worku Assefa Desta"),
        False,
    ),
    "somali": (
        "Abdi Hodan Faadumo Mohamed Sahra Liban Hamdi Ayaan Abdirahman Khadra",
        "Warsame Farah Abdullahi Hassan Yusuf Osman Ali Jama Egal Nur",
        False,
    ),
    "arab": (
        (
            "Ahmed Fatima Omar Layla Youssef Nour Hassan Rania Karim Salma Mariam Khaled Hana "
            "Tarek Dina Mahmoud Yasmine Samir Rana Ali Lina Mohamed Amal Hind Walid Sara"
        ),
        (
            "El-Sayed Haddad Khoury Mansour Nasser Abdallah Saleh Hamdan Al-Hashimi Farouk "
            "Mostafa Ibrahim Aziz Hijazi Odeh Al-Zoubi Kassem Jaber Saad Al-Amri Darwish Shaker"
        ),
        False,
    ),
    "maghrebi": (
        (
            "Youssef Mehdi Salma Amine Khadija Hamza Imane Rachid Nadia Sofiane Meriem Karim "
            "Yasmina Walid Houda Anouar Leila Nabil"
        ),
        (
            "Bennani Alaoui El_Amrani Benali Trabelsi Ben_Salah Chraibi Idrissi Tazi Benjelloun "
            "Mansouri Boukhari Belkacem Zerrouki Hammami Jebali Ouali Saidi"
        ),
        False,
    ),
    "indian": (
        (
            "Priya Arjun Ananya Rahul Sunita Ravi Kavita Vikram Lakshmi Suresh Deepa Anil Meera "
            "Rohan Aditi Sanjay Pooja Karthik Nandini Amit Shreya Manish"
        ),
        (
            "Sharma Patel Iyer Reddy Nair Gupta Singh Das Menon Rao Chatterjee Joshi Kulkarni "
            "Pillai Mehta Banerjee Verma Krishnan Mishra Bhat"
        ),
        False,
    ),
    "bangladeshi": (
        "Farhana Rashed Nusrat Tanvir Sharmin Kamrul Taslima Arif Nasrin Mahmud Sabina Rafiq",
        "Rahman Hossain Ahmed Islam Chowdhury Akter Begum Uddin Sarkar Haque Karim Siddique",
        False,
    ),
    "nepali": (
        "Sita Ram Binod Sunita Prakash Anjali Bikash Sarita Dipendra Kamala Rajesh Laxmi",
        ("Shrestha Gurung Thapa Adhikari Karki Tamang Rai Sharma Poudel Maharjan Bhattarai Dahal"),
        False,
    ),
    "pakistani": (
        "Ayesha Usman Sana Bilal Hina Faisal Mehwish Zara Asad Nadia Kamran Saima",
        "Khan Qureshi Malik Butt Chaudhry Siddiqui Shah Mirza Javed Raza Baloch Awan",
        False,
    ),
    "sri_lankan": (
        "Nimal Chamari Kasun Dilani Ruwan Anusha Tharindu Shanika",
        "Perera Fernando Silva Jayasinghe Wickramasinghe Bandara Gunawardena Dissanayake",
        False,
    ),
    "afghan": (
        "Ahmad Mariam Farid Zahra Habib Nilofar Jawad Shabnam",
        "Rahimi Ahmadzai Karimi Hakimi Noori Sultani Amiri Stanikzai",
        False,
    ),
    "indonesian": (
        ("Siti Budi Dewi Agus Putri Rizky Ayu Hendra Nur Wahyu Indah Fajar Ratna Bambang Sri Adi"),
        (
            "Wijaya Santoso Hidayat Saputra Kurniawan Pratama Susanto Nugroho Setiawan Rahmawati "
            "Harahap Siregar Lubis Sitompul"
        ),
        False,
    ),
    "filipino": (
        "Maria Jose Angelica Ramon Kristine Mark Rowena Carlo Mae Paolo Jasmine Rodel Liza Miguel",
        (
            "Santos Reyes Bautista Garcia Mendoza Villanueva Ramos Aquino Castillo Navarro "
            "Tolentino Soriano Manalo Dela_Cruz"
        ),
        False,
    ),
    "vietnamese": (
        (
            "Thị_Lan Văn_Minh Thu_Hà Quốc_Huy Thanh_Hương Đức_Anh Minh_Châu Hoàng_Nam Ngọc_Mai "
            "Văn_Tùng Thị_Hồng Hải_Yến"
        ),
        "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Ngô",
        True,
    ),
    "khmer": (
        "Sokha Dara Sreymom Vannak Sophea Bopha Rithy Chanthou Piseth Sreyleak",
        "Sok Chea Chan Heng Keo Lim Meas Prak Ouk Yim",
        True,
    ),
    "thai": (
        "Somchai Siriporn Nattapong Kanya Anong Pichit Wanida Thanakorn Ratchanee Supachai",
        "Suwannarat Chaiyaporn Srisuk Wongsawat Rattanakorn Boonmee Thongchai Saetang",
        False,
    ),
    "burmese": (
        "Aung Thandar Zaw Hnin Kyaw Su Min Ei Thiri Nay",
        "Kyaw_Min Hlaing Win Myat_Noe Thu Oo Naing Htet Lwin",
        False,
    ),
    "mongolian": (
        "Bat-Erdene Oyunchimeg Enkhjargal Ganbold Saruul Tsetseg Bayarmaa Temuulen",
        "Batbayar Enkhbold Ganzorig Dorj Tserendorj Sukhbaatar Munkhbat Erdenebat",
        False,
    ),
    "chinese": (
        "Wei Fang Jing Lei Min Xiaoling Jun Yan Hao Mei Ying Tao",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou",
        True,
    ),
    "japanese": (
        "Haruka Takeshi Yuki Kenji Aiko Hiroshi Naoko Daisuke Emi Satoshi",
        "Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Sato Kato",
        False,
    ),
    "korean": (
        "Min-jun Seo-yeon Ji-hoon Soo-jin Hyun-woo Eun-ji Jae-won Ha-eun",
        "Kim Lee Park Choi Jung Kang Cho Yoon",
        True,
    ),
    "timorese": (
        "João Maria Agustinho Ermelinda Francisco Joana Mateus Rosa",
        "da_Costa Soares Guterres Ximenes Pereira Freitas Amaral Belo",
        False,
    ),
    "pacific": (
        "Losana Josefa Mere Sitiveni Ana Iosefa Salote Tevita Kila Vani",
        "Naivalu Vunivalu Tuilagi Leota Ravuvu Kaupa Toua Siaosi Waqa",
        False,
    ),
    "anglo": (
        (
            "Sarah James Emily Michael Rachel David Hannah Thomas Laura Daniel Catherine Andrew "
            "Olivia Matthew Rebecca Jonathan Fiona Liam Megan Robert Aoife Priya"
        ),
        (
            "Smith Johnson Brown Taylor Wilson Clarke Walker Robinson Campbell Murphy Anderson "
            "Thompson Mitchell O'Brien Hughes Bennett Foster Morgan Evans Shah"
        ),
        False,
    ),
    "north_american": (
        (
            "Jennifer Carlos Tyler Jessica Marcus Ashley Kevin Nicole Sophie Mathieu Emily "
            "Michael Aaliyah Daniel Grace Ethan Maya Samuel Isabelle Omar"
        ),
        (
            "Williams Garcia Martinez Nguyen Lee Patel Tremblay Gagnon Roy Jackson Harris Lewis "
            "Miller Davis Okafor Cohen Kim Robinson Hernandez Sullivan"
        ),
        False,
    ),
    "german": (
        "Anna Lukas Katharina Jonas Julia Felix Sabine Martin Lena Stefan Miriam Tobias",
        (
            "Müller Schmidt Schneider Fischer Weber Becker Hoffmann Schäfer Koch Wagner Richter "
            "Neumann"
        ),
        False,
    ),
    "french": (
        "Camille Antoine Claire Julien Sophie Nicolas Élodie Mathieu Isabelle Thomas Aurélie Luc",
        (
            "Martin Bernard Dubois Laurent Lefèvre Moreau Girard Fontaine Rousseau Mercier Blanc "
            "Chevalier"
        ),
        False,
    ),
    "dutch": (
        "Sanne Daan Eva Bram Lotte Joost Fleur Pieter Anouk Maarten",
        "de_Vries Jansen van_den_Berg Bakker Visser Smit Meijer de_Boer Mulder van_Dijk",
        False,
    ),
    "italian": (
        "Giulia Marco Francesca Luca Chiara Alessandro Elena Matteo Sara Davide",
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco",
        False,
    ),
    "spanish": (
        "Lucía Javier Marta Pablo Carmen Sergio Laura Álvaro Elena Jorge",
        "García Fernández López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz",
        False,
    ),
    "nordic": (
        "Ingrid Erik Astrid Lars Sofia Anders Maja Johan Karin Nils",
        "Andersson Johansson Nilsson Hansen Larsen Lindqvist Berg Eriksson Olsen Karlsson",
        False,
    ),
    "ukrainian": (
        "Olena Andriy Kateryna Oleksandr Iryna Dmytro Nataliya Serhiy Yuliya Taras",
        (
            "Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko Melnyk Boyko Oliynyk Lysenko "
            "Marchenko"
        ),
        False,
    ),
    "polish": (
        "Agnieszka Piotr Katarzyna Tomasz Magdalena Paweł Anna Krzysztof Joanna Michał",
        "Nowak Kowalski Wiśniewska Wójcik Kamiński Lewandowska Zieliński Szymańska Woźniak",
        False,
    ),
    "georgian": (
        "Nino Giorgi Tamar Levan Mariam Davit Ketevan Irakli",
        "Beridze Kapanadze Gelashvili Maisuradze Lomidze Tsiklauri Giorgadze Abashidze",
        False,
    ),
    "albanian": (
        "Elira Arben Besa Dritan Ermira Gentian Valbona Ilir",
        "Hoxha Krasniqi Berisha Gashi Shehu Dervishi Leka Kola",
        False,
    ),
    "south_slavic": (
        "Jelena Marko Ana Nikola Dragan Milica Edin Amra Vesna Goran",
        "Petrović Jovanović Hodžić Marković Nikolić Kovačević Begić Ilić Mehmedović",
        False,
    ),
    "turkish": (
        "Elif Mehmet Zeynep Emre Ayşe Burak Selin Murat Deniz Can",
        # Turkish spells these with a dotless i.
        "Yılmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk Arslan Doğan",  # noqa: RUF001
        False,
    ),
    "central_asian": (
        (
            "Aibek Gulnara Nurlan Dilnoza Rustam Zarina Bakhtiyor Aigerim Farrukh Malika Timur "
            "Nigora"
        ),
        (
            "Abdullaev Karimova Nazarov Rakhimova Usmonov Sadykova Tashiev Ismoilov Mamatova "
            "Jumabaev Alimov Kurbanova"
        ),
        False,
    ),
    "hispanic": (
        (
            "Alejandro María_José Camila Diego Valentina Javier Lucía Mateo Daniela Andrés "
            "Carolina Felipe Gabriela Luis Paola Ricardo Ximena Fernando Natalia Santiago"
        ),
        (
            "González Rodríguez Hernández López Martínez Pérez Gómez Díaz Torres Ramírez Flores "
            "Vargas Castro Morales Rojas Herrera Mendoza Gutiérrez"
        ),
        False,
    ),
    "andean": (
        ("Wilmer Rosa Edwin Juana María Luis Carmen Jorge Ana Víctor Sonia Marco Elena Rubén"),
        (
            "Quispe Mamani Condori Huamán Choque Apaza Flores Gutiérrez Ticona Chávez Cruz "
            "Vásquez Yupanqui Tzul"
        ),
        False,
    ),
    "brazilian": (
        (
            "João Ana_Paula Thiago Fernanda Lucas Juliana Rafael Mariana Gabriel Beatriz Pedro "
            "Larissa"
        ),
        (
            "Silva Souza Oliveira Pereira Costa Almeida Carvalho Rodrigues Lima Ferreira Ribeiro "
            "Gomes"
        ),
        False,
    ),
    "haitian": (
        "Jean-Robert Marie-Claude Wilner Nadège Fritz Guerline Rose-Marie Junior",
        "Joseph Pierre Jean-Baptiste Louis Charles Étienne Augustin Dorvil",
        False,
    ),
}


NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    culture: (tuple(given.split()), tuple(family.split()), family_first)
    for culture, (given, family, family_first) in _NAME_TABLE.items()
}


def full_name(culture: str, given: str, family: str) -> str:
    family_first = NAMES[culture][2]
    parts = (family, given) if family_first else (given, family)
    # Multi-word names are stored with underscores so that .split() keeps them whole.
    return " ".join(parts).replace("_", " ")


# --- Countries -----------------------------------------------------------------------------
# One country a line: code|name|weight|culture|languages|dialling code|time zone|cities.
# Languages are codes from taxonomy.data.LANGUAGES, most spoken first; "*" as the time zone
# means the country spans several, listed in _TIME_ZONES.
_COUNTRY_TABLE = """
# Sub-Saharan Africa
KE|Kenya|4|east_african|en sw|254|Africa/Nairobi|Nairobi,Mombasa,Kisumu,Nakuru
UG|Uganda|2.5|east_african|en sw|256|Africa/Kampala|Kampala,Gulu,Mbarara
TZ|Tanzania|2.5|east_african|sw en|255|Africa/Dar_es_Salaam|Dodoma,Dar es Salaam,Arusha
RW|Rwanda|1.5|east_african|rw en fr|250|Africa/Kigali|Kigali,Huye,Musanze
ET|Ethiopia|2.5|ethiopian|am en|251|Africa/Addis_Ababa|Addis Ababa,Bahir Dar,Hawassa
SO|Somalia|0.8|somali|so ar en|252|Africa/Mogadishu|Mogadishu,Hargeisa,Garowe
NG|Nigeria|3.5|west_african_en|en ha yo|234|Africa/Lagos|Abuja,Lagos,Kano,Ibadan
GH|Ghana|2.5|west_african_en|en|233|Africa/Accra|Accra,Kumasi,Tamale
SL|Sierra Leone|0.8|west_african_en|en|232|Africa/Freetown|Freetown,Bo,Makeni
LR|Liberia|0.6|west_african_en|en|231|Africa/Monrovia|Monrovia,Gbarnga
SN|Senegal|1.5|west_african_fr|fr wo|221|Africa/Dakar|Dakar,Saint-Louis,Thiès
ML|Mali|1|west_african_fr|fr|223|Africa/Bamako|Bamako,Ségou,Mopti
BF|Burkina Faso|1|west_african_fr|fr|226|Africa/Ouagadougou|Ouagadougou,Bobo-Dioulasso
CI|Côte d'Ivoire|1|west_african_fr|fr|225|Africa/Abidjan|Abidjan,Yamoussoukro,Bouaké
BJ|Benin|0.8|west_african_fr|fr|229|Africa/Porto-Novo|Cotonou,Porto-Novo,Parakou
NE|Niger|0.6|west_african_fr|fr ha|227|Africa/Niamey|Niamey,Zinder,Maradi
CM|Cameroon|1|central_african_fr|fr en|237|Africa/Douala|Yaoundé,Douala,Bamenda
CD|DR Congo|1|central_african_fr|fr sw|243|*|Kinshasa,Lubumbashi,Goma
MG|Madagascar|0.8|malagasy|mg fr|261|Indian/Antananarivo|Antananarivo,Toamasina,Fianarantsoa
ZA|South Africa|2|southern_african|en zu|27|Africa/Johannesburg|Pretoria,Cape Town,Durban,Polokwane
ZM|Zambia|1|southern_african|en|260|Africa/Lusaka|Lusaka,Ndola,Kitwe
MW|Malawi|1|southern_african|en|265|Africa/Blantyre|Lilongwe,Blantyre,Mzuzu
ZW|Zimbabwe|0.8|southern_african|en|263|Africa/Harare|Harare,Bulawayo,Mutare
BW|Botswana|0.4|southern_african|en|267|Africa/Gaborone|Gaborone,Francistown
MZ|Mozambique|1|lusophone_african|pt|258|Africa/Maputo|Maputo,Beira,Nampula
# Asia and the Pacific
IN|India|4|indian|en hi|91|Asia/Kolkata|New Delhi,Bengaluru,Pune,Bhubaneswar,Chennai
BD|Bangladesh|2|bangladeshi|bn en|880|Asia/Dhaka|Dhaka,Chattogram,Khulna,Rajshahi
NP|Nepal|2|nepali|ne en|977|Asia/Kathmandu|Kathmandu,Pokhara,Biratnagar,Lalitpur
PK|Pakistan|2|pakistani|ur en|92|Asia/Karachi|Islamabad,Lahore,Karachi,Peshawar
LK|Sri Lanka|0.8|sri_lankan|en|94|Asia/Colombo|Colombo,Kandy,Galle
AF|Afghanistan|0.5|afghan|fa|93|Asia/Kabul|Kabul,Herat
ID|Indonesia|3|indonesian|id en|62|*|Jakarta,Surabaya,Makassar,Yogyakarta
PH|Philippines|2.5|filipino|fil en|63|Asia/Manila|Manila,Quezon City,Cebu City,Davao City
VN|Vietnam|1.5|vietnamese|vi en|84|Asia/Ho_Chi_Minh|Hanoi,Ho Chi Minh City,Da Nang
KH|Cambodia|1.2|khmer|km en|855|Asia/Phnom_Penh|Phnom Penh,Siem Reap,Battambang
TH|Thailand|0.8|thai|th en|66|Asia/Bangkok|Bangkok,Chiang Mai,Khon Kaen
MM|Myanmar|0.6|burmese|en|95|Asia/Yangon|Yangon,Mandalay
MN|Mongolia|0.6|mongolian|en ru|976|Asia/Ulaanbaatar|Ulaanbaatar,Darkhan
CN|China|0.8|chinese|zh en|86|Asia/Shanghai|Beijing,Chengdu,Shanghai
JP|Japan|0.4|japanese|ja en|81|Asia/Tokyo|Tokyo,Kobe
KR|South Korea|0.4|korean|ko en|82|Asia/Seoul|Seoul,Sejong
TL|Timor-Leste|0.4|timorese|pt en|670|Asia/Dili|Dili,Baucau
AU|Australia|1|anglo|en|61|*|Canberra,Sydney,Melbourne
NZ|New Zealand|0.3|anglo|en|64|Pacific/Auckland|Wellington,Auckland
FJ|Fiji|0.4|pacific|en|679|Pacific/Fiji|Suva,Lautoka
PG|Papua New Guinea|0.4|pacific|en|675|Pacific/Port_Moresby|Port Moresby,Lae
# Middle East and North Africa
EG|Egypt|3|arab|ar en|20|Africa/Cairo|Cairo,Alexandria,Asyut
JO|Jordan|2|arab|ar en|962|Asia/Amman|Amman,Irbid,Zarqa
LB|Lebanon|1|arab|ar fr en|961|Asia/Beirut|Beirut,Tripoli,Saida
PS|Palestine|0.8|arab|ar en|970|Asia/Hebron|Ramallah,Nablus,Hebron
IQ|Iraq|1|arab|ar en|964|Asia/Baghdad|Baghdad,Erbil,Basra
YE|Yemen|0.6|arab|ar|967|Asia/Aden|Sana'a,Aden
LY|Libya|0.4|arab|ar|218|Africa/Tripoli|Tripoli,Benghazi
SA|Saudi Arabia|0.3|arab|ar en|966|Asia/Riyadh|Riyadh,Jeddah
AE|United Arab Emirates|0.4|arab|ar en|971|Asia/Dubai|Abu Dhabi,Dubai
TN|Tunisia|2|maghrebi|ar fr|216|Africa/Tunis|Tunis,Sfax,Sousse
MA|Morocco|2.5|maghrebi|ar fr|212|Africa/Casablanca|Rabat,Casablanca,Marrakesh,Fez
DZ|Algeria|0.6|maghrebi|ar fr|213|Africa/Algiers|Algiers,Oran
# Europe and Central Asia
GB|United Kingdom|1.5|anglo|en|44|Europe/London|London,Birmingham,Manchester,Edinburgh
DE|Germany|1|german|de en|49|Europe/Berlin|Berlin,Bonn,Eschborn
FR|France|0.8|french|fr en|33|Europe/Paris|Paris,Lyon
NL|Netherlands|0.6|dutch|nl en|31|Europe/Amsterdam|The Hague,Amsterdam,Rotterdam
BE|Belgium|0.5|french|fr nl en|32|Europe/Brussels|Brussels,Liège
CH|Switzerland|0.5|german|de fr en|41|Europe/Zurich|Bern,Geneva,Zurich
IT|Italy|0.4|italian|it en|39|Europe/Rome|Rome,Milan
ES|Spain|0.5|spanish|es en|34|Europe/Madrid|Madrid,Barcelona
SE|Sweden|0.4|nordic|en|46|Europe/Stockholm|Stockholm,Gothenburg
NO|Norway|0.3|nordic|en|47|Europe/Oslo|Oslo,Bergen
DK|Denmark|0.2|nordic|en|45|Europe/Copenhagen|Copenhagen,Aarhus
UA|Ukraine|0.8|ukrainian|uk ru en|380|Europe/Kyiv|Kyiv,Lviv,Kharkiv
PL|Poland|0.5|polish|pl en|48|Europe/Warsaw|Warsaw,Kraków
GE|Georgia|0.5|georgian|en ru|995|Asia/Tbilisi|Tbilisi,Kutaisi
AL|Albania|0.4|albanian|en it|355|Europe/Tirane|Tirana,Durrës
RS|Serbia|0.3|south_slavic|en|381|Europe/Belgrade|Belgrade,Novi Sad
BA|Bosnia and Herzegovina|0.3|south_slavic|en|387|Europe/Sarajevo|Sarajevo,Tuzla
TR|Türkiye|0.6|turkish|tr en|90|Europe/Istanbul|Ankara,Istanbul,Izmir
KG|Kyrgyzstan|0.7|central_asian|ky ru|996|Asia/Bishkek|Bishkek,Osh
TJ|Tajikistan|0.5|central_asian|tg ru|992|Asia/Dushanbe|Dushanbe,Khujand
UZ|Uzbekistan|0.5|central_asian|uz ru|998|Asia/Tashkent|Tashkent,Samarkand
KZ|Kazakhstan|0.3|central_asian|ru en|7|Asia/Almaty|Astana,Almaty
# Latin America and the Caribbean
MX|Mexico|1.5|hispanic|es en|52|America/Mexico_City|Mexico City,Guadalajara,Oaxaca
CO|Colombia|1.2|hispanic|es|57|America/Bogota|Bogotá,Medellín,Cali
PE|Peru|1|andean|es|51|America/Lima|Lima,Cusco,Arequipa
BO|Bolivia|0.8|andean|es|591|America/La_Paz|La Paz,Cochabamba,Sucre
EC|Ecuador|0.6|andean|es|593|America/Guayaquil|Quito,Guayaquil,Cuenca
GT|Guatemala|0.5|andean|es|502|America/Guatemala|Guatemala City,Quetzaltenango
HN|Honduras|0.4|hispanic|es|504|America/Tegucigalpa|Tegucigalpa,San Pedro Sula
CL|Chile|0.6|hispanic|es en|56|America/Santiago|Santiago,Valparaíso
AR|Argentina|0.6|hispanic|es|54|America/Argentina/Buenos_Aires|Buenos Aires,Córdoba,Rosario
DO|Dominican Republic|0.3|hispanic|es|1|America/Santo_Domingo|Santo Domingo,Santiago
BR|Brazil|1.5|brazilian|pt es en|55|*|Brasília,São Paulo,Recife,Porto Alegre
HT|Haiti|0.3|haitian|fr|509|America/Port-au-Prince|Port-au-Prince,Cap-Haïtien
# North America
US|United States|4|north_american|en es|1|*|Washington,New York,Atlanta,Chicago,San Francisco
CA|Canada|1.2|north_american|en fr|1|*|Ottawa,Toronto,Montréal,Vancouver
"""
_TIME_ZONES = {
    "CD": "Africa/Kinshasa Africa/Lubumbashi",
    "ID": "Asia/Jakarta Asia/Makassar Asia/Jayapura",
    "AU": "Australia/Sydney Australia/Melbourne Australia/Brisbane Australia/Perth",
    "BR": "America/Sao_Paulo America/Manaus America/Recife",
    "US": "America/New_York America/Chicago America/Denver America/Los_Angeles",
    "CA": "America/Toronto America/Vancouver America/Edmonton America/Halifax",
}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    weight: float
    culture: str
    languages: tuple[str, ...]
    time_zones: tuple[str, ...]
    cities: tuple[str, ...]
    dialling_code: str


def _parse_countries(table: str) -> tuple[Country, ...]:
    countries = []
    for line in table.strip().splitlines():
        if line.startswith("#"):
            continue
        code, name, weight, culture, languages, dialling_code, zone, cities = line.split("|")
        zones = _TIME_ZONES[code] if zone == "*" else zone
        countries.append(
            Country(
                code=code,
                name=name,
                weight=float(weight),
                culture=culture,
                languages=tuple(languages.split()),
                time_zones=tuple(zones.split()),
                cities=tuple(cities.split(",")),
                dialling_code=dialling_code,
            )
        )
    return tuple(countries)


COUNTRIES = _parse_countries(_COUNTRY_TABLE)


# --- Organisations and what people do there -------------------------------------------------
# How often each organisation type occurs (OrganisationType values).
ORGANISATION_TYPE_WEIGHTS = {
    "central-government": 22,
    "local-government": 20,
    "academia": 16,
    "development-partner": 16,
    "civil-society": 14,
    "private-sector": 7,
    "other": 5,
}

# {country} is the short country name, {city} one of its cities.
ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "central-government": (
        "Ministry of Local Government, {country}",
        "Ministry of Local Government and Rural Development, {country}",
        "Ministry of Finance, {country}",
        "Ministry of Finance and Economic Planning, {country}",
        "Ministry of Interior and Local Government, {country}",
        "Ministry of Public Administration, {country}",
        "National Treasury, {country}",
        "Decentralization Secretariat, {country}",
        "Local Government Finance Commission, {country}",
        "Office of the Auditor General, {country}",
        "National Planning Commission, {country}",
    ),
    "local-government": (
        "{city} City Council",
        "Municipality of {city}",
        "{city} District Council",
        "Office of the Mayor of {city}",
        "Association of Local Governments of {country}",
        "{city} Metropolitan Assembly",
    ),
    "academia": (
        "University of {city}",
        "{country} Institute of Public Administration",
        "National School of Public Administration, {country}",
        "Institute of Local Government Studies, {city}",
        "{city} University, Department of Political Science",
        "Centre for Policy Research, {city}",
        "School of Economics, University of {city}",
    ),
    "civil-society": (
        "Transparency International {country}",
        "Local Governance Forum, {country}",
        "Citizens' Budget Initiative, {city}",
        "Women in Local Leadership Network, {country}",
        "Community Development Trust, {city}",
        "Public Finance Watch, {country}",
        "Centre for Local Democracy, {city}",
        "Youth for Accountable Councils, {country}",
    ),
    "development-partner": (
        "The World Bank",
        "The World Bank",
        "UNDP",
        "UNDP",
        "UNCDF",
        "UNCDF",
        "The Asia Foundation",
        "DeLoG",
        "GIZ",
        "UN-Habitat",
        "UNICEF",
        "European Union Delegation to {country}",
        "Swiss Agency for Development and Cooperation",
        "Cities Alliance",
        "OECD",
    ),
    "private-sector": (
        "Oxford Policy Management",
        "DAI Global",
        "Tetra Tech",
        "Ecorys",
        "{city} Governance Consulting",
        "Municipal Finance Partners",
    ),
    "other": (
        "Parliamentary Budget Office, {country}",
        "Independent consultant",
        "National Assembly of {country}",
        "Retired, formerly Ministry of Local Government, {country}",
    ),
}

# Organisations only met in some regions (Region slugs): the rest appear anywhere.
REGIONAL_ORGANISATIONS = {
    "The Asia Foundation": {"asia-pacific", "north-america"},
    "African Development Bank": {"africa"},
    "Asian Development Bank": {"asia-pacific"},
    "UCLG Africa": {"africa"},
    "Arab Urban Development Institute": {"mena"},
    "Inter-American Development Bank": {"latin-america"},
    "European Union Delegation to {country}": {
        "africa",
        "asia-pacific",
        "mena",
        "latin-america",
    },
}
EXTRA_DEVELOPMENT_PARTNERS = (
    "African Development Bank",
    "Asian Development Bank",
    "UCLG Africa",
    "Arab Urban Development Institute",
    "Inter-American Development Bank",
)

# Real institutions a member in that country might name instead of a generic one.
COUNTRY_ORGANISATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "KE": (
        ("Commission on Revenue Allocation", "central-government"),
        ("Council of Governors", "local-government"),
        ("County Government of Kisumu", "local-government"),
    ),
    "UG": (("Uganda Local Governments Association", "local-government"),),
    "TZ": (
        ("President's Office, Regional Administration and Local Government", "central-government"),
    ),
    "GH": (("Institute of Local Government Studies", "academia"),),
    "ZA": (
        ("Financial and Fiscal Commission", "central-government"),
        ("South African Local Government Association", "local-government"),
    ),
    "IN": (("Ministry of Panchayati Raj", "central-government"),),
    "NP": (("Ministry of Federal Affairs and General Administration", "central-government"),),
    "PH": (("Department of the Interior and Local Government", "central-government"),),
    "ID": (("Ministry of Home Affairs", "central-government"),),
    "US": (
        ("Georgia State University, Andrew Young School of Policy Studies", "academia"),
        ("Urban Institute", "civil-society"),
    ),
    "GB": (("Institute of Development Studies", "academia"), ("FCDO", "development-partner")),
    "NL": (("International Institute of Social Studies, Erasmus University", "academia"),),
    "DE": (("GIZ", "development-partner"),),
}

JOB_TITLES: dict[str, tuple[str, ...]] = {
    "central-government": (
        "Director of Local Government Finance",
        "Senior Policy Analyst",
        "Decentralization Advisor",
        "Principal Economist",
        "Permanent Secretary",
        "Commissioner for Local Government",
        "Head of Intergovernmental Fiscal Relations",
        "Planning Officer",
        "Budget Officer",
        "Deputy Director, Fiscal Decentralization",
    ),
    "local-government": (
        "Mayor",
        "Deputy Mayor",
        "Town Clerk",
        "Chief Finance Officer",
        "Municipal Planner",
        "Head of Revenue",
        "City Manager",
        "Councillor",
        "Director of Planning",
        "Chief Executive Officer",
    ),
    "academia": (
        "Professor of Public Administration",
        "Associate Professor of Political Science",
        "Lecturer in Public Finance",
        "Senior Research Fellow",
        "PhD candidate",
        "Research Associate",
        "Professor of Economics",
        "Postdoctoral Researcher",
    ),
    "civil-society": (
        "Executive Director",
        "Programme Manager",
        "Policy Advocacy Officer",
        "Budget Analyst",
        "Community Engagement Lead",
        "Founder",
        "Research and Advocacy Coordinator",
    ),
    "development-partner": (
        "Senior Public Sector Specialist",
        "Governance Specialist",
        "Lead Economist",
        "Local Development Finance Specialist",
        "Programme Analyst",
        "Country Director",
        "Decentralization Advisor",
        "Senior Urban Specialist",
        "Team Leader, Local Governance",
    ),
    "private-sector": (
        "Senior Consultant",
        "Associate Director",
        "Public Finance Consultant",
        "Managing Partner",
        "Governance Advisor",
    ),
    "other": (
        "Budget Analyst",
        "Independent consultant",
        "Legislative researcher",
        "Advisor",
    ),
}


# --- Bios ----------------------------------------------------------------------------------
# {first}: given name; {t1} {t2} {t3}: expertise, lower-cased; {country}; {org}; {years}.
BIO_OPENINGS = (
    "{first} has worked on {t1} for {years} years, most recently at {org}.",
    "{first} works with local governments in {country} on {t1} and {t2}.",
    "Practitioner in {t1} with {years} years of experience in {country} and the region.",
    "{first} researches {t1}, with a focus on {country}.",
    "{first} advises national and subnational governments on {t1}.",
)
BIO_MIDDLES = (
    "Previously supported the design of an intergovernmental fiscal transfer system.",
    "Led a decentralization assessment using the LoGICA framework.",
    "Contributed to LPSA's Decentralization and Multilevel Governance Databook.",
    "Has trained local government staff on {t2} and {t3}.",
    "Interested in how {t2} shapes service delivery at the last mile.",
    "Co-authored a study on own-source revenue and property tax reform.",
    "Worked on an Intergovernmental Fiscal and Expenditure Review (InFER) in {country}.",
    "Coordinates a peer network of municipal finance officers.",
)
BIO_CLOSINGS = (
    "Happy to connect with peers working on {t2}.",
    "Active in LPSA's regional working group.",
    "Regular speaker at LPSA webinars.",
    "Keen to compare notes on {t3} across countries.",
    "",
)
