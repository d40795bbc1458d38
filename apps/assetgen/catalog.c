/* The demo catalog: 32 products of 14 kinds from six house brands, English and
   Chinese texts, EUR prices, and 3-4 colour variants each expressed as material
   overrides on the generated models. */
#include "catalog.h"

#include <stdio.h>
#include <string.h>

#define V(s, en, zh, hex, mat)                                                                     \
    { s, en, zh, hex, mat, NULL, NULL }
#define V2(s, en, zh, hex, mat, mat2, hex2)                                                        \
    { s, en, zh, hex, mat, mat2, hex2 }

const ag_product ag_products[] = {
    /* ---- apparel ---- */
    {"tee-organic",
     "tshirt",
     gen_tee,
     0,
     "Nordlys",
     "29.90",
     "Organic cotton tee",
     "有机棉T恤",
     "A clean crew-neck tee in 180 g/m² organic cotton jersey, garment-dyed for a soft, lived-in "
     "hand.",
     "180克有机棉平纹针织圆领T恤，成衣染色，手感柔软自然。",
     "100% organic cotton",
     "100%有机棉",
     AG_SIZES_APPAREL,
     {V("ecru", "Ecru", "本白", "#EDE6D6", "Fabric"),
      V("black", "Black", "黑色", "#3A3A3B", "Fabric"),
      V("sage", "Sage", "鼠尾草绿", "#9CAF94", "Fabric"),
      V("navy", "Navy", "藏青", "#2B3A55", "Fabric")}},
    {"tee-heavy-pocket",
     "tshirt",
     gen_tee,
     1,
     "Nordlys",
     "39.00",
     "Heavyweight pocket tee",
     "重磅口袋T恤",
     "A boxy 260 g/m² tee with a dropped shoulder and a patch pocket, knitted on slow loopwheel "
     "machines.",
     "260克重磅箱型T恤，落肩设计，贴袋，以慢速吊织机织造。",
     "100% cotton",
     "100%棉",
     AG_SIZES_APPAREL,
     {V("chalk", "Chalk", "粉笔白", "#E8E4DA", "Fabric"),
      V("clay", "Clay", "陶土", "#B77B5B", "Fabric"),
      V("charcoal", "Charcoal", "炭灰", "#4A4A4D", "Fabric")}},
    {"merino-long-sleeve",
     "long_sleeve_shirt",
     gen_longsleeve,
     0,
     "Nordlys",
     "79.00",
     "Merino long-sleeve",
     "美利奴羊毛长袖衫",
     "Fine 17.5-micron merino that regulates temperature and stays soft against the skin: a layer "
     "for every season.",
     "17.5微米细美利奴羊毛，调节体温、亲肤柔软，四季皆宜的贴身层。",
     "100% merino wool",
     "100%美利奴羊毛",
     AG_SIZES_APPAREL,
     {V("slate", "Slate", "石板蓝", "#4F5B6E", "Fabric"),
      V("oat", "Oat", "燕麦色", "#D9CDB5", "Fabric"),
      V("forest", "Forest", "森林绿", "#3E5443", "Fabric"),
      V("burgundy", "Burgundy", "酒红", "#6E2A35", "Fabric")}},
    {"overshirt-twill",
     "jacket",
     gen_longsleeve,
     1,
     "Nordlys",
     "129.00",
     "Cotton twill overshirt",
     "棉斜纹衬衫外套",
     "A sturdy brushed-twill overshirt with two flap pockets and corozo buttons. Wear it open over "
     "a tee.",
     "结实的磨毛斜纹衬衫外套，双翻盖口袋，象牙果纽扣，可敞开搭配T恤。",
     "100% cotton twill, corozo buttons",
     "100%棉斜纹，象牙果纽扣",
     AG_SIZES_APPAREL,
     {V("olive", "Olive", "橄榄绿", "#5E6247", "Fabric"),
      V("navy", "Navy", "藏青", "#27324A", "Fabric"),
      V("tobacco", "Tobacco", "烟草棕", "#8A5A3B", "Fabric")}},
    {"dress-linen-midi",
     "dress",
     gen_dress,
     0,
     "Nordlys",
     "149.00",
     "Linen midi dress",
     "亚麻中长连衣裙",
     "A softly fitted midi in washed European linen with cap sleeves and a self-tie waist.",
     "水洗欧洲亚麻中长裙，微修身剪裁，小盖袖，同料腰带。",
     "100% linen",
     "100%亚麻",
     AG_SIZES_DRESS,
     {V("sand", "Sand", "沙色", "#D8C8A8", "Fabric"),
      V("terracotta", "Terracotta", "赤陶", "#B0583A", "Fabric"),
      V("sky", "Sky", "天蓝", "#9DB7CF", "Fabric"),
      V("black", "Black", "黑色", "#343436", "Fabric")}},
    {"dress-silk-slip",
     "dress",
     gen_dress,
     1,
     "Nordlys",
     "219.00",
     "Silk slip dress",
     "真丝吊带裙",
     "Cut on the bias from 19-momme sand-washed silk, it skims the body and falls just below the "
     "knee.",
     "以19姆米砂洗真丝斜裁而成，轻抚身形，裙长及膝下。",
     "100% mulberry silk",
     "100%桑蚕丝",
     AG_SIZES_DRESS,
     {V("rose", "Rose", "玫瑰", "#B88472", "Fabric"),
      V("champagne", "Champagne", "香槟", "#D8C3A0", "Fabric"),
      V("midnight", "Midnight", "午夜蓝", "#26314D", "Fabric")}},
    {"trousers-wool-pleat",
     "trousers",
     gen_trousers,
     0,
     "Nordlys",
     "159.00",
     "Pleated wool trousers",
     "褶裥羊毛西裤",
     "High-rise trousers in a fluid Italian wool with single pleats and a pressed crease.",
     "高腰剪裁，意大利垂顺羊毛面料，单褶设计，熨烫裤线。",
     "98% wool, 2% elastane",
     "98%羊毛，2%氨纶",
     AG_SIZES_TROUSERS,
     {V("charcoal", "Charcoal", "炭灰", "#47474A", "Fabric"),
      V("camel", "Camel", "驼色", "#B08A5E", "Fabric"),
      V("navy", "Navy", "藏青", "#2A3347", "Fabric")}},
    {"trousers-linen-wide",
     "trousers",
     gen_trousers,
     1,
     "Nordlys",
     "99.00",
     "Wide linen trousers",
     "阔腿亚麻裤",
     "Relaxed wide-leg trousers with a drawstring waist, made from breathable garment-washed "
     "linen.",
     "宽松阔腿裤，抽绳腰头，透气的成衣水洗亚麻。",
     "100% linen",
     "100%亚麻",
     AG_SIZES_TROUSERS,
     {V("natural", "Natural", "亚麻原色", "#CDBF9F", "Fabric"),
      V("white", "White", "白色", "#ECEAE4", "Fabric"),
      V("olive", "Olive", "橄榄绿", "#6B6B4A", "Fabric")}},
    /* ---- shoes ---- */
    {"sneaker-court",
     "shoes",
     gen_shoes,
     0,
     "Forme",
     "149.00",
     "Leather court sneaker",
     "皮革板鞋",
     "A minimal low-top in full-grain calf leather on a stitched natural-rubber cupsole.",
     "极简低帮板鞋，全粒面小牛皮，缝线天然橡胶杯底。",
     "Calf leather upper and lining, rubber sole",
     "小牛皮鞋面及内里，橡胶鞋底",
     AG_SIZES_SHOES,
     {V("white", "White", "白色", "#EEEBE4", "Leather"),
      V2("black", "Black", "黑色", "#2E2E2E", "Leather", "Lace", "#2E2E2E"),
      V("tan", "Tan", "棕褐", "#A8754A", "Leather")}},
    {"loafer-penny",
     "shoes",
     gen_shoes,
     1,
     "Forme",
     "189.00",
     "Penny loafer",
     "便士乐福鞋",
     "Hand-sewn moccasin construction in polished calf, on a leather sole with a stacked heel.",
     "手工缝制莫卡辛结构，抛光小牛皮，皮革鞋底与叠跟。",
     "Calf leather, leather sole",
     "小牛皮，皮革鞋底",
     AG_SIZES_SHOES,
     {V("cognac", "Cognac", "干邑棕", "#8A4B2A", "Leather"),
      V("black", "Black", "黑色", "#2A2A2A", "Leather"),
      V("burgundy", "Burgundy", "勃艮第红", "#5C1F26", "Leather")}},
    {"boot-chelsea",
     "shoes",
     gen_shoes,
     2,
     "Forme",
     "229.00",
     "Suede Chelsea boot",
     "麂皮切尔西靴",
     "Water-repellent suede Chelsea boots with elastic gussets and a pull tab, on a light "
     "crepe-effect sole.",
     "防泼水麂皮切尔西靴，两侧松紧带，后提环，轻质绉胶效果鞋底。",
     "Suede upper, rubber sole",
     "麂皮鞋面，橡胶鞋底",
     AG_SIZES_SHOES,
     {V("tobacco", "Tobacco", "烟草棕", "#7A5136", "Leather"),
      V("taupe", "Taupe", "灰褐", "#8C7B6B", "Leather"),
      V("black", "Black", "黑色", "#2C2C2C", "Leather")}},
    /* ---- bags ---- */
    {"tote-canvas",
     "bag",
     gen_bag,
     0,
     "Atelier Sable",
     "89.00",
     "Waxed canvas tote",
     "蜡染帆布托特包",
     "Heavy 18 oz waxed canvas with a vegetable-tanned leather base and handles; fits a 15-inch "
     "laptop.",
     "18盎司厚重蜡染帆布，植鞣皮底与提手，可容纳15英寸笔记本电脑。",
     "Waxed cotton canvas, vegetable-tanned leather",
     "蜡染棉帆布，植鞣皮革",
     AG_SIZES_NONE,
     {V2("natural", "Natural", "本色", "#DDD3BE", "Fabric", "Leather", "#7A4A2C"),
      V2("olive", "Olive", "橄榄绿", "#6A6B4C", "Fabric", "Leather", "#4A3222"),
      V2("navy", "Navy", "藏青", "#2D3A52", "Fabric", "Leather", "#8A5A36")}},
    {"bag-crossbody",
     "bag",
     gen_bag,
     1,
     "Atelier Sable",
     "189.00",
     "Leather crossbody bag",
     "皮革斜挎包",
     "A structured flap bag in smooth calf leather with a solid-brass buckle and an adjustable "
     "strap.",
     "挺括翻盖包，光面小牛皮，实心黄铜扣，肩带可调节。",
     "Calf leather, brass hardware",
     "小牛皮，黄铜五金",
     AG_SIZES_NONE,
     {V("oxblood", "Oxblood", "牛血红", "#6B1E22", "Leather"),
      V("black", "Black", "黑色", "#2A2A2A", "Leather"),
      V("tan", "Tan", "棕褐", "#A06A3E", "Leather")}},
    {"bag-bucket",
     "bag",
     gen_bag,
     2,
     "Atelier Sable",
     "169.00",
     "Drawstring bucket bag",
     "抽绳水桶包",
     "A soft bucket bag in pebbled leather with a drawstring top, lined in cotton twill with an "
     "inner zip pocket.",
     "柔软荔枝纹皮革抽绳水桶包，棉斜纹内衬，内置拉链袋。",
     "Pebbled leather, cotton lining",
     "荔枝纹皮革，棉质内衬",
     AG_SIZES_NONE,
     {V("caramel", "Caramel", "焦糖", "#B07A4F", "Leather"),
      V("stone", "Stone", "石色", "#BDB3A3", "Leather"),
      V("black", "Black", "黑色", "#2B2B2B", "Leather")}},
    /* ---- hats ---- */
    {"hat-fedora",
     "hat",
     gen_hat,
     0,
     "Chapellerie Roux",
     "119.00",
     "Wool felt fedora",
     "羊毛毡费多拉帽",
     "Hand-blocked wool felt with a grosgrain band; packable and shower-proof.",
     "纯羊毛毡手工定型，罗缎帽带，可收纳，防小雨。",
     "100% wool felt, grosgrain band",
     "100%羊毛毡，罗缎帽带",
     AG_SIZES_NONE,
     {V("chestnut", "Chestnut", "栗色", "#7B5438", "Felt"),
      V("charcoal", "Charcoal", "炭灰", "#454547", "Felt"),
      V2("camel", "Camel", "驼色", "#B38B5D", "Felt", "Band", "#5A3E2A")}},
    {"hat-bucket",
     "hat",
     gen_hat,
     1,
     "Chapellerie Roux",
     "45.00",
     "Cotton bucket hat",
     "棉质渔夫帽",
     "Stone-washed cotton twill with a stitched brim; packs flat into a pocket.",
     "石洗棉斜纹渔夫帽，车缝帽檐，可平折放入口袋。",
     "100% cotton twill",
     "100%棉斜纹",
     AG_SIZES_NONE,
     {V("sage", "Sage", "鼠尾草绿", "#9AA58A", "Fabric"),
      V("ecru", "Ecru", "本白", "#E4DCC8", "Fabric"),
      V("navy", "Navy", "藏青", "#2C3850", "Fabric")}},
    {"beanie-ribbed",
     "hat",
     gen_hat,
     2,
     "Chapellerie Roux",
     "49.00",
     "Ribbed merino beanie",
     "罗纹美利奴毛线帽",
     "Knitted in a chunky 2x2 rib from responsibly sourced merino and finished with a generous "
     "pompom.",
     "以负责任来源的美利奴羊毛粗针2x2罗纹织就，配蓬松毛球。",
     "100% merino wool",
     "100%美利奴羊毛",
     AG_SIZES_NONE,
     {V("rust", "Rust", "铁锈红", "#B0452E", "Knit"),
      V("cream", "Cream", "奶油白", "#E6DCC7", "Knit"),
      V("grey", "Grey", "灰色", "#8E8E8E", "Knit"),
      V("mustard", "Mustard", "芥末黄", "#C9A03B", "Knit")}},
    /* ---- eyewear ---- */
    {"sunglasses-round",
     "eyewear",
     gen_eyewear,
     0,
     "Oro Optics",
     "159.00",
     "Round titanium sunglasses",
     "圆形钛金属太阳镜",
     "Lightweight titanium frames with category 3 mineral-glass lenses and full UV400 protection.",
     "轻质钛金属镜框，3级矿物玻璃镜片，UV400全面防护。",
     "Titanium frame, mineral glass lenses",
     "钛金属镜框，矿物玻璃镜片",
     AG_SIZES_NONE,
     {V2("gold", "Gold / brown", "金框茶片", "#E3C185", "Metal", "Lens", "#5A4632"),
      V2("silver", "Silver / green", "银框绿片", "#CFCFCF", "Metal", "Lens", "#3C4A3E"),
      V2("black", "Black / grey", "黑框灰片", "#3A3A3A", "Metal", "Lens", "#3A3C40")}},
    {"sunglasses-acetate",
     "eyewear",
     gen_eyewear,
     1,
     "Oro Optics",
     "139.00",
     "Acetate sunglasses",
     "板材太阳镜",
     "A classic trapezoid shape cut from Italian cellulose acetate, polished by hand, with "
     "five-barrel hinges.",
     "意大利醋酸纤维板材经典梯形镜框，手工抛光，五齿铰链。",
     "Cellulose acetate, polarised lenses",
     "醋酸纤维板材，偏光镜片",
     AG_SIZES_NONE,
     {V("black", "Black", "黑色", "#2A2624", "Acetate"),
      V("tortoise", "Tortoise", "玳瑁", "#6B4226", "Acetate"),
      V("honey", "Honey", "蜂蜜色", "#B8864B", "Acetate")}},
    {"glasses-optical",
     "eyewear",
     gen_eyewear,
     2,
     "Oro Optics",
     "189.00",
     "Titanium optical frames",
     "钛金属光学镜架",
     "Featherlight rectangular frames in beta titanium, fitted with clear demo lenses, ready for "
     "your prescription.",
     "β钛轻盈方形镜架，配透明演示镜片，可按处方配镜。",
     "Beta titanium",
     "β钛",
     AG_SIZES_NONE,
     {V("gold", "Gold", "金色", "#E3C185", "Metal"),
      V("gunmetal", "Gunmetal", "枪色", "#6B6D70", "Metal"),
      V("silver", "Silver", "银色", "#D2D2D0", "Metal")}},
    /* ---- headphones ---- */
    {"headphones-studio",
     "headphones",
     gen_headphones,
     0,
     "Sonore",
     "349.00",
     "Wireless studio headphones",
     "无线录音室耳机",
     "Over-ear headphones with 40 mm beryllium drivers, adaptive noise cancelling and 40 hours of "
     "battery.",
     "包耳式设计，40毫米铍振膜单元，自适应降噪，40小时续航。",
     "Aluminium, protein leather, memory foam",
     "铝合金，蛋白皮，记忆棉",
     AG_SIZES_NONE,
     {V2("sand", "Sand", "沙色", "#D8CFC0", "Shell", "Band", "#4A4440"),
      V2("black", "Black", "黑色", "#2E2E30", "Shell", "Band", "#2A2A2A"),
      V2("sage", "Sage", "鼠尾草绿", "#95A391", "Shell", "Band", "#3E463C")}},
    {"headphones-compact",
     "headphones",
     gen_headphones,
     1,
     "Sonore",
     "179.00",
     "Compact on-ear headphones",
     "便携贴耳式耳机",
     "Foldable on-ear headphones tuned for a warm, detailed sound, with USB-C fast charging.",
     "可折叠贴耳式耳机，温暖细腻的声音调校，支持USB-C快充。",
     "Aluminium, protein leather",
     "铝合金，蛋白皮",
     AG_SIZES_NONE,
     {V("cream", "Cream", "奶油白", "#E9E1D2", "Shell"),
      V("rose", "Rose", "玫瑰粉", "#D5A79A", "Shell"),
      V("navy", "Navy", "藏青", "#2E3A55", "Shell")}},
    /* ---- home ---- */
    {"mug-stoneware",
     "mug",
     gen_mug,
     0,
     "Maison Vitrine",
     "24.00",
     "Stoneware mug",
     "粗陶马克杯",
     "Wheel-thrown stoneware with a satin glaze and an unglazed foot. Holds 350 ml; dishwasher "
     "safe.",
     "拉坯粗陶，缎面釉，露胎杯底。容量350毫升，可用洗碗机清洗。",
     "Glazed stoneware",
     "施釉粗陶",
     AG_SIZES_NONE,
     {V("chalk", "Chalk", "白垩", "#DDD8CB", "Glaze"),
      V("sage", "Sage", "鼠尾草绿", "#7E9A84", "Glaze"),
      V("terracotta", "Terracotta", "赤陶", "#B35A3A", "Glaze"),
      V("midnight", "Midnight", "午夜蓝", "#24304A", "Glaze")}},
    {"espresso-cup",
     "mug",
     gen_mug,
     1,
     "Maison Vitrine",
     "28.00",
     "Espresso cup and saucer",
     "浓缩咖啡杯碟",
     "A 90 ml cup with a thick wall that keeps the crema warm, with its matching saucer.",
     "90毫升厚壁杯，保持咖啡油脂的温度，附同款杯碟。",
     "Glazed stoneware",
     "施釉粗陶",
     AG_SIZES_NONE,
     {V("chalk", "Chalk", "白垩", "#DDD8CB", "Glaze"), V("ink", "Ink", "墨色", "#2B2F3A", "Glaze"),
      V("celadon", "Celadon", "青瓷", "#9DB8A6", "Glaze")}},
    {"vase-bottle",
     "vase",
     gen_vase,
     0,
     "Maison Vitrine",
     "59.00",
     "Bottle vase",
     "瓶型花器",
     "A tall stoneware bottle for a single stem, glazed inside to hold water.",
     "高身粗陶瓶，适合插一枝花，内壁施釉可盛水。",
     "Glazed stoneware",
     "施釉粗陶",
     AG_SIZES_NONE,
     {V("celadon", "Celadon", "青瓷", "#7FA392", "Glaze"),
      V("ivory", "Ivory", "象牙白", "#E2DACB", "Glaze"),
      V("ink", "Ink", "墨黑", "#2A2E38", "Glaze"),
      V("ochre", "Ochre", "赭黄", "#B9863E", "Glaze")}},
    {"vase-moon",
     "vase",
     gen_vase,
     1,
     "Maison Vitrine",
     "89.00",
     "Moon vase",
     "满月花瓶",
     "A full, round vase with a narrow mouth, glazed in layered reactive colours.",
     "饱满圆润的小口花瓶，施以层叠窑变釉色。",
     "Glazed stoneware",
     "施釉粗陶",
     AG_SIZES_NONE,
     {V("sea", "Sea", "海青", "#5E8C88", "Glaze"), V("sand", "Sand", "沙色", "#CDB899", "Glaze"),
      V("cobalt", "Cobalt", "钴蓝", "#2E4A8A", "Glaze")}},
    {"parfum-figue",
     "bottle",
     gen_bottle,
     0,
     "Maison Vitrine",
     "95.00",
     "Eau de parfum, 50 ml",
     "淡香精 50毫升",
     "Fig leaf, bergamot and cedar over a warm base of ambrette, in a heavy glass flacon with a "
     "gilded cap.",
     "无花果叶、佛手柑与雪松，温暖的黄葵籽基调，厚重玻璃瓶配镀金瓶盖。",
     "Glass flacon, zamac cap",
     "玻璃瓶身，锌合金瓶盖",
     AG_SIZES_NONE,
     {V("figue", "Figue", "无花果", "#D8A45E", "Liquid"),
      V("vetiver", "Vétiver", "岩兰草", "#9BAE72", "Liquid"),
      V("rose", "Rose", "玫瑰", "#D99A9E", "Liquid")}},
    {"parfum-extrait",
     "bottle",
     gen_bottle,
     1,
     "Maison Vitrine",
     "120.00",
     "Extrait de parfum, 30 ml",
     "香精 30毫升",
     "Smoked black tea, orris and soft leather: a concentrated extrait that lasts from morning to "
     "night.",
     "烟熏红茶、鸢尾根与柔软皮革：高浓度香精，留香从清晨到夜晚。",
     "Glass flacon, lacquered cap",
     "玻璃瓶身，漆面瓶盖",
     AG_SIZES_NONE,
     {V("the-noir", "Thé noir", "黑茶", "#9A5E34", "Liquid"),
      V("iris", "Iris", "鸢尾", "#B6A6C9", "Liquid"),
      V2("ambre", "Ambre", "琥珀", "#C98B3A", "Liquid", "Cap", "#E8C887")}},
    {"carafe-glass",
     "bottle",
     gen_bottle,
     2,
     "Maison Vitrine",
     "49.00",
     "Glass carafe, 1 l",
     "玻璃水瓶 1升",
     "Mouth-blown borosilicate glass with an oiled oak stopper.",
     "口吹高硼硅玻璃，配上油橡木瓶塞。",
     "Borosilicate glass, oak",
     "高硼硅玻璃，橡木",
     AG_SIZES_NONE,
     {V("clear", "Clear", "透明", "#E8EEEC", "Glass"),
      V("smoke", "Smoke", "烟灰", "#8A8F8E", "Glass"),
      V("amber", "Amber", "琥珀", "#C89A5A", "Glass")}},
    {"lamp-ceramic",
     "lamp",
     gen_lamp,
     0,
     "Lumen & Co",
     "189.00",
     "Ceramic table lamp",
     "陶瓷台灯",
     "A gourd-shaped stoneware base with a brass stem and a hand-sewn linen drum shade. E27, "
     "dimmable.",
     "葫芦形粗陶灯座，黄铜灯杆，手缝亚麻灯罩。E27灯头，可调光。",
     "Stoneware, brass, linen",
     "粗陶，黄铜，亚麻",
     AG_SIZES_NONE,
     {V("oat", "Oat", "燕麦色", "#CFC3AA", "Glaze"), V("moss", "Moss", "苔绿", "#6F7D5A", "Glaze"),
      V("rust", "Rust", "铁锈红", "#A2543A", "Glaze")}},
    {"lamp-desk-brass",
     "lamp",
     gen_lamp,
     1,
     "Lumen & Co",
     "249.00",
     "Brass desk lamp",
     "黄铜台灯",
     "Solid brass, turned and brushed by hand, with an adjustable cone shade that ages to a warm "
     "patina.",
     "实心黄铜，手工车削拉丝，可调节锥形灯罩，随时间形成温润包浆。",
     "Solid brass",
     "实心黄铜",
     AG_SIZES_NONE,
     {V2("brass", "Brass", "黄铜", "#EDC780", "Metal", "Shade", "#EDC780"),
      V2("blackened", "Blackened", "黑化铜", "#4A4541", "Metal", "Shade", "#4A4541"),
      V2("nickel", "Nickel", "镍色", "#CFCFC9", "Metal", "Shade", "#CFCFC9")}},
    {"lamp-mushroom",
     "lamp",
     gen_lamp,
     2,
     "Lumen & Co",
     "159.00",
     "Opal glass mushroom lamp",
     "乳白玻璃蘑菇灯",
     "A mouth-blown opal glass dome casts a soft, even glow over a glazed ceramic stem.",
     "口吹乳白玻璃灯罩，散发柔和均匀的光，配施釉陶瓷灯柱。",
     "Opal glass, glazed ceramic",
     "乳白玻璃，施釉陶瓷",
     AG_SIZES_NONE,
     {V("forest", "Forest", "森林绿", "#3D5446", "Glaze"),
      V("chalk", "Chalk", "白垩", "#DCD6C8", "Glaze"),
      V("ochre", "Ochre", "赭黄", "#B9863E", "Glaze")}},
};
const uint32_t ag_product_count = AG_COUNT(ag_products);

json_t *ag_text(const char *en, const char *zh) {
    return json_pack("{s:s,s:s}", "en", en, "zh", zh);
}

bool ag_json_write(json_t *root, const char *path) {
    int rc =
        json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    if (rc == 0) {
        FILE *f = fopen(path, "a");
        if (!f || fputc('\n', f) == EOF) rc = -1;
        if (f && fclose(f)) rc = -1;
    }
    if (rc) fprintf(stderr, "assetgen: %s: cannot write the file\n", path);
    return rc == 0;
}

uint32_t ag_size_names(ag_sizes s, const char **out, uint32_t cap) {
    static const char *apparel[] = {"XS", "S", "M", "L", "XL"};
    static const char *dress[] = {"34", "36", "38", "40", "42"};
    static const char *trousers[] = {"44", "46", "48", "50", "52", "54"};
    static const char *shoes[] = {"38", "39", "40", "41", "42", "43", "44", "45"};
    const char *const *l = s == AG_SIZES_APPAREL    ? apparel
                           : s == AG_SIZES_DRESS    ? dress
                           : s == AG_SIZES_TROUSERS ? trousers
                                                    : shoes;
    uint32_t n = s == AG_SIZES_NONE       ? 0
                 : s == AG_SIZES_APPAREL  ? 5
                 : s == AG_SIZES_DRESS    ? 5
                 : s == AG_SIZES_TROUSERS ? 6
                                          : 8;
    for (uint32_t i = 0; i < n && i < cap; i++) out[i] = l[i];
    return n < cap ? n : cap;
}

static json_t *sizes_json(ag_sizes s) {
    const char *l[8];
    uint32_t n = ag_size_names(s, l, 8);
    json_t *a = json_array();
    for (uint32_t i = 0; i < n; i++) json_array_append_new(a, json_string(l[i]));
    return a;
}

/* A GTIN-13 in GS1's restricted-circulation range (prefix 20-29: numbers a shop
   may assign to its own goods), so no real company's code is borrowed. */
static void gtin13(uint32_t item, char out[14]) {
    snprintf(out, 14, "20461%07u", item % 10000000u);
    int sum = 0;
    for (int i = 0; i < 12; i++) sum += (out[i] - '0') * (i % 2 ? 3 : 1);
    out[12] = (char)('0' + (10 - sum % 10) % 10);
    out[13] = 0;
}

json_t *ag_product_json(const ag_product *p, const char *model, uint32_t max_variants) {
    char path[160];
    snprintf(path, sizeof path, "models/%s.glb", model);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(p->id));
    json_object_set_new(o, "kind", json_string(p->kind));
    json_object_set_new(o, "title", ag_text(p->en, p->zh));
    json_object_set_new(o, "description", ag_text(p->desc_en, p->desc_zh));
    json_object_set_new(o, "brand", json_string(p->brand));
    char gtin[14];
    gtin13((uint32_t)(p - ag_products) * 10 + 1, gtin);
    json_object_set_new(o, "gtin", json_string(gtin));
    json_object_set_new(o, "material", ag_text(p->mat_en, p->mat_zh));
    json_object_set_new(o, "price", json_pack("{s:s,s:s}", "value", p->price, "currency", "EUR"));
    json_object_set_new(o, "model", json_string(path));
    if (p->sizes != AG_SIZES_NONE) json_object_set_new(o, "sizes", sizes_json(p->sizes));
    json_t *vs = json_array();
    for (uint32_t i = 0; i < 4 && i < max_variants && p->v[i].suffix; i++) {
        const ag_variant *v = &p->v[i];
        char id[128];
        snprintf(id, sizeof id, "%s-%s", p->id, v->suffix);
        json_t *mats = json_object();
        json_object_set_new(mats, v->mat, json_pack("{s:s}", "base_color", v->hex));
        if (v->mat2) json_object_set_new(mats, v->mat2, json_pack("{s:s}", "base_color", v->hex2));
        json_array_append_new(vs,
                              json_pack("{s:s,s:o,s:s,s:o}", "id", id, "title",
                                        ag_text(v->en, v->zh), "color", v->hex, "materials", mats));
    }
    json_object_set_new(o, "variants", vs);
    return o;
}

bool ag_demo_catalog(const char *dir) {
    json_t *products = json_array();
    for (uint32_t i = 0; i < ag_product_count; i++) {
        json_t *o = ag_product_json(&ag_products[i], ag_products[i].id, 4);
        char garment[160];
        /* after "sizes", before "variants", as FORMAT.md lists the fields */
        if (ag_garment_path(ag_products[i].id, garment, sizeof garment)) {
            json_t *vs = json_incref(json_object_get(o, "variants"));
            json_object_del(o, "variants");
            json_object_set_new(o, "garment", json_string(garment));
            json_object_set_new(o, "variants", vs);
        }
        json_array_append_new(products, o);
    }
    json_t *root = json_pack("{s:s,s:o}", "currency", "EUR", "products", products);
    char path[1024];
    snprintf(path, sizeof path, "%s/catalog.json", dir);
    bool ok = ag_json_write(root, path);
    json_decref(root);
    return ok && ag_demo_garments(dir);
}
