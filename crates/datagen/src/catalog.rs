//! Static tables the generator draws from: names, employers, merchants, devices.

use bankdash_domain::model::{Category, Channel, Gender, Os};

/// (English, Arabic) first names.
pub const FEMALE_NAMES: &[(&str, &str)] = &[
    ("Fatima", "فاطمة"),
    ("Mariam", "مريم"),
    ("Noura", "نورة"),
    ("Sara", "سارة"),
    ("Aisha", "عائشة"),
    ("Dana", "دانة"),
    ("Haya", "هيا"),
    ("Latifa", "لطيفة"),
    ("Reem", "ريم"),
    ("Shaikha", "شيخة"),
    ("Lulwa", "لولوة"),
    ("Munira", "منيرة"),
    ("Hessa", "حصة"),
    ("Jana", "جنى"),
    ("Zainab", "زينب"),
];
pub const MALE_NAMES: &[(&str, &str)] = &[
    ("Abdullah", "عبدالله"),
    ("Mohammed", "محمد"),
    ("Ahmad", "أحمد"),
    ("Khaled", "خالد"),
    ("Faisal", "فيصل"),
    ("Yousef", "يوسف"),
    ("Hamad", "حمد"),
    ("Nasser", "ناصر"),
    ("Bader", "بدر"),
    ("Fahad", "فهد"),
    ("Salem", "سالم"),
    ("Talal", "طلال"),
    ("Mishal", "مشعل"),
    ("Omar", "عمر"),
    ("Ali", "علي"),
];
pub const LAST_NAMES: &[(&str, &str)] = &[
    ("Al-Sabah", "الصباح"),
    ("Al-Mutairi", "المطيري"),
    ("Al-Ajmi", "العجمي"),
    ("Al-Enezi", "العنزي"),
    ("Al-Rashidi", "الرشيدي"),
    ("Al-Kandari", "الكندري"),
    ("Al-Awadhi", "العوضي"),
    ("Al-Shammari", "الشمري"),
    ("Al-Hajri", "الهاجري"),
    ("Al-Otaibi", "العتيبي"),
    ("Behbehani", "بهبهاني"),
    ("Al-Ghanim", "الغانم"),
    ("Al-Bahar", "البحر"),
    ("Al-Saqer", "الصقر"),
    ("Al-Fares", "الفارس"),
    ("Al-Dosari", "الدوسري"),
];

pub fn first_names(g: Gender) -> &'static [(&'static str, &'static str)] {
    match g {
        Gender::Female => FEMALE_NAMES,
        Gender::Male => MALE_NAMES,
    }
}

pub const NATIONALITIES: &[&str] = &["EG", "IN", "SA", "JO", "LB", "PH", "PK", "SY", "GB"];
pub const EMAIL_DOMAINS: &[&str] = &["mail.example", "inbox.example", "post.example"];

pub const EMPLOYERS: &[&str] = &[
    "Ministry of Education",
    "Kuwait Oil Company",
    "Ministry of Health",
    "Zain Kuwait",
    "Alghanim Industries",
    "Kuwait Airways",
    "Agility Logistics",
    "Gulf Consult",
    "Kuwait University",
    "Alshaya Group",
];

/// A place to spend: name, category, city, channel, amount range in fils.
pub struct Merchant {
    pub name: &'static str,
    pub category: Category,
    pub city: &'static str,
    pub channel: Channel,
    pub min_fils: i64,
    pub max_fils: i64,
}

const fn m(
    name: &'static str,
    category: Category,
    city: &'static str,
    channel: Channel,
    min_kwd: i64,
    max_kwd: i64,
) -> Merchant {
    Merchant {
        name,
        category,
        city,
        channel,
        min_fils: min_kwd * 1000,
        max_fils: max_kwd * 1000,
    }
}

pub const MERCHANTS: &[Merchant] = &[
    m(
        "The Sultan Center",
        Category::Groceries,
        "Salmiya",
        Channel::Pos,
        4,
        45,
    ),
    m(
        "Lulu Hypermarket",
        Category::Groceries,
        "Farwaniya",
        Channel::Pos,
        5,
        60,
    ),
    m(
        "Carrefour The Avenues",
        Category::Groceries,
        "Shuwaikh",
        Channel::Pos,
        5,
        55,
    ),
    m(
        "Co-op Society Rumaithiya",
        Category::Groceries,
        "Rumaithiya",
        Channel::Pos,
        2,
        30,
    ),
    m(
        "Talabat",
        Category::Dining,
        "Kuwait City",
        Channel::Online,
        2,
        15,
    ),
    m(
        "Slider Station",
        Category::Dining,
        "Salmiya",
        Channel::Pos,
        3,
        12,
    ),
    m(
        "Caribou Coffee",
        Category::Dining,
        "Hawally",
        Channel::Pos,
        1,
        5,
    ),
    m(
        "Mais Alghanim",
        Category::Dining,
        "Sharq",
        Channel::Pos,
        8,
        35,
    ),
    m(
        "The Avenues - Zara",
        Category::Shopping,
        "Shuwaikh",
        Channel::Pos,
        10,
        90,
    ),
    m(
        "360 Mall - H&M",
        Category::Shopping,
        "Kuwait City",
        Channel::Pos,
        8,
        60,
    ),
    m(
        "X-cite by Alghanim",
        Category::Shopping,
        "Khaitan",
        Channel::Online,
        15,
        400,
    ),
    m(
        "Amazon.ae",
        Category::Shopping,
        "Kuwait City",
        Channel::Online,
        5,
        120,
    ),
    m(
        "Careem",
        Category::Transport,
        "Kuwait City",
        Channel::Online,
        1,
        8,
    ),
    m(
        "KNPC Fuel Station",
        Category::Fuel,
        "Jahra",
        Channel::Pos,
        3,
        12,
    ),
    m("Oula Fuel", Category::Fuel, "Fahaheel", Channel::Pos, 3, 12),
    m(
        "Ministry of Electricity & Water",
        Category::Utilities,
        "Kuwait City",
        Channel::Online,
        8,
        60,
    ),
    m(
        "Zain Postpaid",
        Category::Telecom,
        "Kuwait City",
        Channel::Online,
        10,
        35,
    ),
    m(
        "Ooredoo Kuwait",
        Category::Telecom,
        "Kuwait City",
        Channel::Online,
        8,
        30,
    ),
    m(
        "Dar Al Shifa Hospital",
        Category::Health,
        "Hawally",
        Channel::Pos,
        10,
        150,
    ),
    m(
        "Boots Pharmacy",
        Category::Health,
        "Jabriya",
        Channel::Pos,
        2,
        25,
    ),
    m(
        "American University of Kuwait",
        Category::Education,
        "Mishref",
        Channel::Online,
        150,
        900,
    ),
    m(
        "Kuwait Airways Online",
        Category::Travel,
        "Kuwait City",
        Channel::Online,
        60,
        450,
    ),
    m(
        "Cinescape 360",
        Category::Entertainment,
        "Kuwait City",
        Channel::Pos,
        3,
        20,
    ),
    m(
        "Netflix",
        Category::Entertainment,
        "Kuwait City",
        Channel::Online,
        3,
        5,
    ),
    m(
        "NBK ATM Salmiya",
        Category::Cash,
        "Salmiya",
        Channel::Atm,
        10,
        150,
    ),
    m(
        "ATM Ahmadi",
        Category::Cash,
        "Ahmadi",
        Channel::Atm,
        10,
        150,
    ),
];

/// (model, OS, OS version, is mobile)
pub const DEVICES: &[(&str, Os, &str)] = &[
    ("iPhone 15 Pro", Os::Ios, "17.5"),
    ("iPhone 13", Os::Ios, "16.7"),
    ("Samsung Galaxy S24", Os::Android, "14"),
    ("Google Pixel 8", Os::Android, "14"),
    ("Huawei P60", Os::Android, "13"),
    ("iPad Air", Os::Ios, "17.4"),
    ("Chrome on Windows", Os::Web, "124"),
    ("Safari on macOS", Os::Web, "17.4"),
];

/// (English, Arabic, typical target in KWD)
pub const GOALS: &[(&str, &str, i64)] = &[
    ("Hajj Trip", "رحلة الحج", 3000),
    ("New Car", "سيارة جديدة", 9000),
    ("Emergency Fund", "صندوق الطوارئ", 5000),
    ("Wedding", "حفل الزواج", 12000),
    ("Summer in London", "صيف في لندن", 2500),
    ("Home Down Payment", "دفعة أولى للمنزل", 20000),
    ("Kids' Education", "تعليم الأبناء", 8000),
    ("New Phone", "هاتف جديد", 450),
];
