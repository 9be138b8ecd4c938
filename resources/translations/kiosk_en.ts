<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>GuideScreen</name>
    <message>
        <source>原件</source>
        <translation>original</translation>
    </message>
    <message>
        <source>复印件</source>
        <translation>copy</translation>
    </message>
    <message>
        <source>电子件</source>
        <translation>electronic</translation>
    </message>
</context>
<context>
    <name>NotificationSheet</name>
    <message>
        <source>行政许可</source>
        <translation>Administrative licence</translation>
    </message>
    <message>
        <source>行政确认</source>
        <translation>Administrative confirmation</translation>
    </message>
    <message>
        <source>行政给付</source>
        <translation>Administrative benefit</translation>
    </message>
    <message>
        <source>公共服务</source>
        <translation>Public service</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>一次性告知单</source>
        <translation>One-time notification sheet</translation>
    </message>
    <message>
        <source>事项名称</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>事项编码</source>
        <translation>Service code</translation>
    </message>
    <message>
        <source>办理部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>事项类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>法定时限</source>
        <translation>Statutory time limit</translation>
    </message>
    <message numerus="yes">
        <source>%n 个工作日</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>承诺时限</source>
        <translation>Promised time limit</translation>
    </message>
    <message>
        <source>即办</source>
        <translation>Done on the spot</translation>
    </message>
    <message>
        <source>收费</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>不收费</source>
        <translation>Free of charge</translation>
    </message>
    <message>
        <source>结果领取方式</source>
        <translation>How you receive the result</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>委托办理</source>
        <translation>Applying for someone else</translation>
    </message>
    <message>
        <source>可委托他人代办（须提交授权委托书及双方身份证件）</source>
        <translation>An agent may apply (with a letter of authorisation and both persons&apos; ID documents)</translation>
    </message>
    <message>
        <source>须本人办理</source>
        <translation>The applicant must apply in person</translation>
    </message>
    <message>
        <source>受理条件</source>
        <translation>Who can apply</translation>
    </message>
    <message>
        <source>需要准备的材料</source>
        <translation>What to bring</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>材料名称</source>
        <translation>Material</translation>
    </message>
    <message>
        <source>要求</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <source>形式和份数</source>
        <translation>Form and copies</translation>
    </message>
    <message>
        <source>已通过数据共享获取，无需提交</source>
        <translation>Obtained through data sharing: no need to bring it</translation>
    </message>
    <message>
        <source>按需提供</source>
        <translation>Only if it applies to you</translation>
    </message>
    <message>
        <source>必须提交；可容缺受理，事后补交</source>
        <translation>Required; may be supplied later (acceptance with missing materials)</translation>
    </message>
    <message>
        <source>必须提交</source>
        <translation>Required</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n 份</source>
        <translation>
            <numerusform>%1, %n copy</numerusform>
            <numerusform>%1, %n copies</numerusform>
        </translation>
    </message>
    <message>
        <source>告知承诺</source>
        <translation>Declaration by commitment</translation>
    </message>
    <message>
        <source>本事项可实行告知承诺制：您签署承诺书后，部分证明材料可免于提交。</source>
        <translation>This service accepts a signed commitment: once you sign it, some certificates need not be provided.</translation>
    </message>
    <message>
        <source>设定依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>咨询方式</source>
        <translation>Enquiries</translation>
    </message>
    <message>
        <source>政务服务便民热线：%1</source>
        <translation>Government service hotline: %1</translation>
    </message>
    <message>
        <source>办理地点：%1（可在本中心自助终端或窗口办理）</source>
        <translation>Where: %1 (at a self-service kiosk or a service counter of this centre)</translation>
    </message>
    <message>
        <source>本告知单一次性告知办理本事项所需的全部材料和要求；除上述材料外，不要求另行提交其他材料。打印时间：%1</source>
        <translation>This sheet tells you, once and completely, every material and requirement for this service; nothing beyond the materials above will be asked for. Printed: %1</translation>
    </message>
</context>
<context>
    <name>ProgressScreen</name>
    <message>
        <source>排队上报中</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <source>已接收</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>审查中</source>
        <translation>Under review</translation>
    </message>
    <message>
        <source>需补正材料</source>
        <translation>More documents needed</translation>
    </message>
    <message>
        <source>已办结（准予）</source>
        <translation>Completed (approved)</translation>
    </message>
    <message>
        <source>已办结（不予）</source>
        <translation>Completed (refused)</translation>
    </message>
    <message>
        <source>已送达</source>
        <translation>Delivered</translation>
    </message>
</context>
<context>
    <name>ReceiptText</name>
    <message>
        <source>窗口领取</source>
        <translation>Collect at the counter</translation>
    </message>
    <message>
        <source>邮寄送达</source>
        <translation>By post</translation>
    </message>
    <message>
        <source>自助终端打印</source>
        <translation>Print at a kiosk</translation>
    </message>
    <message>
        <source>网上送达（电子证照）</source>
        <translation>Online (electronic certificate)</translation>
    </message>
    <message>
        <source>受理回执</source>
        <translation>Application receipt</translation>
    </message>
    <message>
        <source>事项：%1</source>
        <translation>Service: %1</translation>
    </message>
    <message>
        <source>事项编码：%1</source>
        <translation>Service code: %1</translation>
    </message>
    <message>
        <source>受理编号：%1</source>
        <translation>Receipt number: %1</translation>
    </message>
    <message>
        <source>办件编号：%1</source>
        <translation>Case number: %1</translation>
    </message>
    <message>
        <source>申请时间：%1</source>
        <translation>Applied on: %1</translation>
    </message>
    <message>
        <source>申请人：%1</source>
        <translation>Applicant: %1</translation>
    </message>
    <message>
        <source>代办人：%1</source>
        <translation>Agent: %1</translation>
    </message>
    <message numerus="yes">
        <source>承诺时限：%n 个工作日</source>
        <translation>
            <numerusform>Promised time: %n working day</numerusform>
            <numerusform>Promised time: %n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>预计办结：%1 前</source>
        <translation>Expected to be completed by %1</translation>
    </message>
    <message>
        <source>结果送达：%1</source>
        <translation>How you get the result: %1</translation>
    </message>
    <message>
        <source>容缺受理，请在办结前补交：</source>
        <translation>Accept now, supply later. Please supply these before your case is completed:</translation>
    </message>
    <message>
        <source>状态：已受理，正在排队上报（联网后自动上报，无需再次办理）</source>
        <translation>Status: accepted, waiting to be sent (it will be sent automatically when the kiosk is online; you do not need to apply again)</translation>
    </message>
    <message>
        <source>状态：已上报省政务服务平台</source>
        <translation>Status: sent to the provincial government service platform</translation>
    </message>
    <message>
        <source>咨询投诉：%1</source>
        <translation>Enquiries and complaints: %1</translation>
    </message>
    <message>
        <source>查询码：%1（查询进度和评价时需要，请妥善保管）</source>
        <translation>Query code: %1 (needed to check progress or rate the service; keep it safe)</translation>
    </message>
    <message>
        <source>凭受理编号和查询码查询办理进度</source>
        <translation>Check progress with your receipt number and query code</translation>
    </message>
    <message>
        <source>扫码或凭受理编号和查询码查询办理进度</source>
        <translation>Scan the code, or use your receipt number and query code, to check progress</translation>
    </message>
    <message>
        <source>已缴费：%1 元</source>
        <translation>Paid: %1 yuan</translation>
    </message>
    <message>
        <source>缴费时间：%1</source>
        <translation>Paid at: %1</translation>
    </message>
    <message>
        <source>财政电子票据号：%1</source>
        <translation>Fiscal e-invoice no.: %1</translation>
    </message>
    <message>
        <source>稍后可查</source>
        <translation>available later</translation>
    </message>
    <message>
        <source>应缴费用：%1 元</source>
        <translation>Fees due: %1 yuan</translation>
    </message>
    <message>
        <source>受理后缴费：可通过粤省事或到窗口缴费，凭受理编号 %1 和查询码</source>
        <translation>Pay after acceptance: in Yueshengshi or at a counter, with receipt number %1 and the query code</translation>
    </message>
    <message>
        <source>待缴费用：%1 元</source>
        <translation>Fees to pay: %1 yuan</translation>
    </message>
    <message>
        <source>稍后缴费：可通过粤省事或到窗口缴费，凭办件编号 %1 和查询码</source>
        <translation>Pay later: in Yueshengshi or at a counter, with case number %1 and the query code</translation>
    </message>
</context>
<context>
    <name>ServiceTiles</name>
    <message>
        <source>办事</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>选择事项，刷证申请</source>
        <translation>Choose a service, apply with your ID</translation>
    </message>
    <message>
        <source>进度查询</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>查看办件进度</source>
        <translation>Check your application</translation>
    </message>
    <message>
        <source>自助打印</source>
        <translation>Self-print</translation>
    </message>
    <message>
        <source>打印证照和证明</source>
        <translation>Print licences and certificates</translation>
    </message>
    <message>
        <source>评价</source>
        <translation>Rate</translation>
    </message>
    <message>
        <source>对服务进行好差评</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>使用说明与人工服务</source>
        <translation>How to use, and staff help</translation>
    </message>
</context>
<context>
    <name>kiosk::app::DeviceFact</name>
    <message>
        <source>支持的证件</source>
        <translation>Card types</translation>
    </message>
    <message>
        <source>照片格式</source>
        <translation>Photo format</translation>
    </message>
    <message>
        <source>指纹</source>
        <translation>Fingerprint</translation>
    </message>
    <message>
        <source>寻卡间隔</source>
        <translation>Card poll interval</translation>
    </message>
    <message>
        <source>连接方式</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>最大码长</source>
        <translation>Longest code</translation>
    </message>
    <message>
        <source>字符集</source>
        <translation>Character set</translation>
    </message>
    <message>
        <source>纸宽</source>
        <translation>Paper width</translation>
    </message>
    <message>
        <source>指令集</source>
        <translation>Command set</translation>
    </message>
    <message>
        <source>状态查询</source>
        <translation>Status query</translation>
    </message>
    <message>
        <source>状态查询间隔</source>
        <translation>Status query interval</translation>
    </message>
    <message>
        <source>打印队列</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <source>彩色</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>双面</source>
        <translation>Two-sided</translation>
    </message>
    <message>
        <source>队列接受的格式</source>
        <translation>Formats the queue accepts</translation>
    </message>
    <message>
        <source>默认纸张</source>
        <translation>Default paper</translation>
    </message>
    <message>
        <source>发送格式</source>
        <translation>Format sent</translation>
    </message>
    <message>
        <source>纸张</source>
        <translation>Paper</translation>
    </message>
    <message>
        <source>报告打印结果</source>
        <translation>Reports job results</translation>
    </message>
    <message>
        <source>SANE 设备</source>
        <translation>SANE device</translation>
    </message>
    <message>
        <source>扫描来源</source>
        <translation>Scan sources</translation>
    </message>
    <message>
        <source>扫描模式</source>
        <translation>Scan modes</translation>
    </message>
    <message>
        <source>分辨率</source>
        <translation>Resolutions</translation>
    </message>
    <message>
        <source>最低分辨率</source>
        <translation>Lowest resolution</translation>
    </message>
    <message>
        <source>最高分辨率</source>
        <translation>Highest resolution</translation>
    </message>
    <message>
        <source>平板</source>
        <translation>Flatbed</translation>
    </message>
    <message>
        <source>自动进纸器</source>
        <translation>Document feeder</translation>
    </message>
    <message>
        <source>摄像头</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>视频分辨率</source>
        <translation>Video resolutions</translation>
    </message>
    <message>
        <source>拍照分辨率</source>
        <translation>Photo resolutions</translation>
    </message>
    <message>
        <source>画面宽度</source>
        <translation>Frame width</translation>
    </message>
    <message>
        <source>画面高度</source>
        <translation>Frame height</translation>
    </message>
    <message>
        <source>帧率</source>
        <translation>Frame rate</translation>
    </message>
    <message>
        <source>拍照宽度</source>
        <translation>Still width</translation>
    </message>
    <message>
        <source>拍照高度</source>
        <translation>Still height</translation>
    </message>
    <message>
        <source>循环播放</source>
        <translation>Plays in a loop</translation>
    </message>
    <message>
        <source>像素格式</source>
        <translation>Pixel format</translation>
    </message>
    <message>
        <source>帧数</source>
        <translation>Frames</translation>
    </message>
    <message>
        <source>保存画面</source>
        <translation>Stores frames</translation>
    </message>
    <message>
        <source>正被使用</source>
        <translation>In use</translation>
    </message>
    <message>
        <source>盖板打开</source>
        <translation>Cover open</translation>
    </message>
    <message>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>收到的帧数</source>
        <translation>Frames received</translation>
    </message>
    <message>
        <source>打印任务号</source>
        <translation>Print job number</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>选项数</source>
        <translation>Options</translation>
    </message>
    <message>
        <source>端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>打印结果</source>
        <translation>Print result</translation>
    </message>
    <message>
        <source>安全模块</source>
        <translation>Security module (SAM)</translation>
    </message>
    <message>
        <source>安全模块编号</source>
        <translation>SAM number</translation>
    </message>
    <message>
        <source>安全模块状态</source>
        <translation>SAM status</translation>
    </message>
    <message>
        <source>画面尺寸</source>
        <translation>Picture size</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::A4PrintPanel</name>
    <message>
        <source>正在打印A4文件，请稍候……</source>
        <translation>Printing the A4 sheet, please wait…</translation>
    </message>
    <message>
        <source>已打印，请从A4出纸口取走。</source>
        <translation>Printed. Please take it from the A4 tray.</translation>
    </message>
    <message>
        <source>本机的A4打印机暂不可用，请到人工窗口索取。</source>
        <translation>This kiosk&apos;s A4 printer is not available now. Please ask for a copy at a service counter.</translation>
    </message>
    <message>
        <source>A4打印没有成功，可以再试一次，或请工作人员帮助。</source>
        <translation>The A4 sheet was not printed. You can try again, or ask a member of staff for help.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::ApplicationStep</name>
    <message>
        <source>第 %1 步，共 %2 步</source>
        <translation>Step %1 of %2</translation>
    </message>
    <message>
        <source>核验身份</source>
        <translation>Identity</translation>
    </message>
    <message>
        <source>填写信息</source>
        <translation>Your details</translation>
    </message>
    <message>
        <source>提交材料</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>告知承诺</source>
        <translation>Commitment</translation>
    </message>
    <message>
        <source>领取方式</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <source>核对提交</source>
        <translation>Review</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::ApplyScreen</name>
    <message>
        <source>选择要办理的事项</source>
        <translation>Choose a service item</translation>
    </message>
    <message>
        <source>请在上方输入事项名称或拼音首字母搜索，也可以按主题或部门查找。</source>
        <translation>Type the name of the service above to search, or browse by topic or department.</translation>
    </message>
    <message>
        <source>输入事项名称、拼音首字母或英文</source>
        <translation>Service name, pinyin initials or English</translation>
    </message>
    <message>
        <source>搜索事项</source>
        <translation>Search services</translation>
    </message>
    <message>
        <source>热门</source>
        <translation>Popular</translation>
    </message>
    <message>
        <source>按主题</source>
        <translation>By topic</translation>
    </message>
    <message>
        <source>按部门</source>
        <translation>By department</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Businesses</translation>
    </message>
    <message>
        <source>正在加载事项目录，请稍候……</source>
        <translation>Loading the list of services, please wait…</translation>
    </message>
    <message>
        <source>没有找到相关事项。请换个说法，或咨询现场工作人员。</source>
        <translation>No matching service. Try other words, or ask the staff.</translation>
    </message>
    <message>
        <source>这里暂时没有事项。</source>
        <translation>There are no services here yet.</translation>
    </message>
    <message numerus="yes">
        <source>共 %n 项，轻触事项查看办事指南。</source>
        <translation>
            <numerusform>%n service. Tap it to read its guide.</numerusform>
            <numerusform>%n services. Tap one to read its guide.</numerusform>
        </translation>
    </message>
    <message>
        <source>即办</source>
        <translation>on the spot</translation>
    </message>
    <message numerus="yes">
        <source>承诺 %n 个工作日</source>
        <translation>
            <numerusform>done in %n working day</numerusform>
            <numerusform>done in %n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>请选择您遇到的事情：</source>
        <translation>What is your situation?</translation>
    </message>
    <message>
        <source>请选择办事部门：</source>
        <translation>Choose a department:</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::AttractScreen</name>
    <message>
        <source>政务服务自助终端</source>
        <translation>Government Services Self-Service Kiosk</translation>
    </message>
    <message>
        <source>欢迎使用政务服务自助终端，请轻触屏幕开始。</source>
        <translation>Welcome to the government services kiosk. Touch the screen to start.</translation>
    </message>
    <message>
        <source>轻触屏幕开始</source>
        <translation>Touch to start</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::ComingSoonScreen</name>
    <message>
        <source>本机暂未开通此项服务，请前往人工窗口办理，或拨打%1咨询。</source>
        <translation>This service is not yet available on this kiosk. Please go to a service counter or call %1.</translation>
    </message>
    <message>
        <source>返回首页</source>
        <translation>Back to home</translation>
    </message>
    <message>
        <source>本机暂未开通此项服务。
请前往服务中心人工窗口办理，或拨打下面的热线咨询。</source>
        <translation>This service is not available on this kiosk yet.
Please go to a staffed counter of the service centre, or call the hotline below.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::CommitmentScreen</name>
    <message>
        <source>告知承诺</source>
        <translation>Declaration by commitment</translation>
    </message>
    <message>
        <source>请仔细阅读告知承诺书：%1。同意请勾选并在下方签名。</source>
        <translation>Please read the declaration by commitment carefully: %1. If you agree, tick the box and sign below.</translation>
    </message>
    <message>
        <source>我已阅读并承诺以上内容属实</source>
        <translation>I have read the above and promise that it is true</translation>
    </message>
    <message>
        <source>请用手指在下面的框内签名：</source>
        <translation>Please sign in the box below with your finger:</translation>
    </message>
    <message>
        <source>签名区</source>
        <translation>Signature box</translation>
    </message>
    <message>
        <source>重新签名</source>
        <translation>Sign again</translation>
    </message>
    <message>
        <source>确认承诺，下一步</source>
        <translation>Confirm and continue</translation>
    </message>
    <message>
        <source>不采用承诺制，按常规提交材料</source>
        <translation>No declaration: I will hand in all the documents instead</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::ConsentScreen</name>
    <message>
        <source>本事项需要核验本人身份。本机暂时不能进行人脸核验，请继续办理，由工作人员当面核验您的身份。</source>
        <translation>This service needs to confirm who you are. Face verification is not available on this kiosk right now: please carry on, and a member of staff will check your identity in person.</translation>
    </message>
    <message>
        <source>人脸核验授权</source>
        <translation>Consent to face verification</translation>
    </message>
    <message>
        <source>同意请按“同意并开始人脸核验”；不同意也可以继续办理，由工作人员核验身份。</source>
        <translation>To agree, press &quot;Agree and start face verification&quot;. If you do not agree you can still carry on; staff will check your identity.</translation>
    </message>
    <message>
        <source>是否同意由您决定。不同意不影响办理。</source>
        <translation>It is your choice. Saying no does not stop your application.</translation>
    </message>
    <message>
        <source>同意并开始人脸核验</source>
        <translation>Agree and start face verification</translation>
    </message>
    <message>
        <source>不同意，由工作人员核验身份</source>
        <translation>No, let staff check my identity</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::CounterPanel</name>
    <message>
        <source>政务服务便民热线</source>
        <translation>Government service hotline</translation>
    </message>
    <message>
        <source>政务服务便民热线 %1</source>
        <translation>Government service hotline %1</translation>
    </message>
    <message>
        <source>找工作人员帮忙</source>
        <translation>Ask staff for help</translation>
    </message>
    <message>
        <source>请到服务中心咨询台或人工窗口，工作人员会为您帮办代办。</source>
        <translation>Please go to the information desk or a staffed counter; staff will help you or do it for you.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::DeliveryScreen</name>
    <message>
        <source>请选择一种领取方式。</source>
        <translation>Please choose how to receive the result.</translation>
    </message>
    <message>
        <source>邮寄需要填写详细地址（省、市、区、街道、门牌号）。</source>
        <translation>For delivery by post, please enter your full address (province, city, district, street and house number).</translation>
    </message>
    <message>
        <source>请输入11位手机号码，或带区号的固定电话。</source>
        <translation>Please enter an 11-digit mobile number, or a landline number with the area code.</translation>
    </message>
    <message>
        <source>选择结果领取方式</source>
        <translation>Choose how to receive the result</translation>
    </message>
    <message>
        <source>请选择办理结果的领取方式。选择邮寄的，请填写地址。</source>
        <translation>Please choose how you want to receive the result. If you choose post, please enter your address.</translation>
    </message>
    <message>
        <source>邮寄地址 *</source>
        <translation>Postal address *</translation>
    </message>
    <message>
        <source>邮寄地址</source>
        <translation>Postal address</translation>
    </message>
    <message>
        <source>联系电话（用于通知办理结果）</source>
        <translation>Phone number (so we can tell you the result)</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::DeviceGuide</name>
    <message>
        <source>屏幕上方</source>
        <translation>above the screen</translation>
    </message>
    <message>
        <source>屏幕左侧</source>
        <translation>to the left of the screen</translation>
    </message>
    <message>
        <source>屏幕右侧</source>
        <translation>to the right of the screen</translation>
    </message>
    <message>
        <source>屏幕左下方</source>
        <translation>below the screen on the left</translation>
    </message>
    <message>
        <source>屏幕正下方</source>
        <translation>right below the screen</translation>
    </message>
    <message>
        <source>屏幕右下方</source>
        <translation>below the screen on the right</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::DocumentCameraView</name>
    <message>
        <source>正在打开高拍仪……</source>
        <translation>Starting the document camera...</translation>
    </message>
    <message>
        <source>请把材料平放在高拍仪下方的拍摄区内。</source>
        <translation>Lay the document flat in the area under the document camera.</translation>
    </message>
    <message>
        <source>材料有一部分在画面外，请移到拍摄区中间。</source>
        <translation>Part of the document is out of view. Move it to the middle of the area.</translation>
    </message>
    <message>
        <source>材料在画面中太小，请放在拍摄区中央并展开放平。</source>
        <translation>The document looks too small. Place it in the middle and lay it open and flat.</translation>
    </message>
    <message>
        <source>找到材料了，请保持不动。</source>
        <translation>Document found. Please hold it still.</translation>
    </message>
    <message>
        <source>请保持不动，即将自动拍摄……</source>
        <translation>Hold still, taking the photo...</translation>
    </message>
    <message>
        <source>正在拍摄……</source>
        <translation>Taking the photo...</translation>
    </message>
    <message>
        <source>这一页已拍好。还有下一页请换上；拍完请按“拍完了”。</source>
        <translation>This page is done. Put the next page in place, or tap Done when you have finished.</translation>
    </message>
    <message>
        <source>立即拍照</source>
        <translation>Take photo now</translation>
    </message>
    <message>
        <source>拍完了</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>拍完了，关闭高拍仪</source>
        <translation>Done, close the document camera</translation>
    </message>
    <message>
        <source>正在拍摄：%1</source>
        <translation>Photographing: %1</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::FaceScreen</name>
    <message>
        <source>暂时不能进行人脸核验。请继续办理，由工作人员核验身份。</source>
        <translation>Face verification is not possible just now. Please carry on; staff will check your identity.</translation>
    </message>
    <message numerus="yes">
        <source>没有核验成功，请正对摄像头再试一次（还可以试 %n 次）。</source>
        <translation>
            <numerusform>That did not work. Please face the camera and try again (%n try left).</numerusform>
            <numerusform>That did not work. Please face the camera and try again (%n tries left).</numerusform>
        </translation>
    </message>
    <message>
        <source>核验通过。核验用的图像已清除，没有保存。</source>
        <translation>Verified. The images used have been erased and were not saved.</translation>
    </message>
    <message>
        <source>人脸核验没有通过。您可以继续办理，由工作人员当面核验身份。核验用的图像已清除。</source>
        <translation>Face verification did not succeed. You can carry on, and staff will check your identity in person. The images used have been erased.</translation>
    </message>
    <message>
        <source>正在核验，请保持不动……</source>
        <translation>Checking, please keep still…</translation>
    </message>
    <message>
        <source>没有看到人脸，请站到摄像头正前方。</source>
        <translation>No face seen. Please stand right in front of the camera.</translation>
    </message>
    <message>
        <source>请靠近一点。</source>
        <translation>Please come a little closer.</translation>
    </message>
    <message>
        <source>光线太暗，请站到明亮处或摘下帽子。</source>
        <translation>It is too dark. Please move into the light or take off your hat.</translation>
    </message>
    <message>
        <source>请正视摄像头。</source>
        <translation>Please look straight at the camera.</translation>
    </message>
    <message>
        <source>请保持不动。</source>
        <translation>Please keep still.</translation>
    </message>
    <message>
        <source>人脸核验</source>
        <translation>Face verification</translation>
    </message>
    <message>
        <source>请正对屏幕上方的摄像头，摘下帽子和口罩，保持不动。</source>
        <translation>Please face the camera above the screen, take off your hat and mask, and keep still.</translation>
    </message>
    <message>
        <source>请正对屏幕上方的摄像头，摘下帽子和口罩。图像只在本机内存中比对，核验后立即清除。</source>
        <translation>Please face the camera above the screen and take off your hat and mask. The images are compared only in this kiosk&apos;s memory and erased straight after.</translation>
    </message>
    <message>
        <source>撤回同意，改由工作人员核验</source>
        <translation>Withdraw consent; let staff check instead</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>继续办理（由工作人员核验身份）</source>
        <translation>Carry on (staff will check my identity)</translation>
    </message>
    <message>
        <source>核验进度</source>
        <translation>Verification progress</translation>
    </message>
    <message>
        <source>请慢慢把头转向您的左边，再转回来。</source>
        <translation>Please turn your head slowly to your left, then back.</translation>
    </message>
    <message>
        <source>请慢慢把头转向您的右边，再转回来。</source>
        <translation>Please turn your head slowly to your right, then back.</translation>
    </message>
    <message>
        <source>请慢慢点一下头。</source>
        <translation>Please nod your head slowly once.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::FormScreen</name>
    <message>
        <source>请填写此项。</source>
        <translation>Please fill this in.</translation>
    </message>
    <message>
        <source>身份证号码不正确，请核对（18位，最后一位可能是X）。</source>
        <translation>This ID number is not correct. Please check it (18 characters; the last one may be X).</translation>
    </message>
    <message>
        <source>请输入11位手机号码，或带区号的固定电话。</source>
        <translation>Please enter an 11-digit mobile number, or a landline number with the area code.</translation>
    </message>
    <message>
        <source>请按“年-月-日”输入日期，例如 2024-01-05。</source>
        <translation>Please enter the date as year-month-day, for example 2024-01-05.</translation>
    </message>
    <message>
        <source>请输入数字。</source>
        <translation>Please enter numbers only.</translation>
    </message>
    <message>
        <source>请从选项中选择一项。</source>
        <translation>Please choose one of the options.</translation>
    </message>
    <message>
        <source>格式不正确，请核对后重新输入。</source>
        <translation>This is not in the right format. Please check it and try again.</translation>
    </message>
    <message>
        <source>内容太长，请精简。</source>
        <translation>This is too long. Please shorten it.</translation>
    </message>
    <message numerus="yes">
        <source>还有 %n 项需要修改，请查看红色提示。</source>
        <translation>
            <numerusform>%n item still needs changing. Please see the message in red.</numerusform>
            <numerusform>%n items still need changing. Please see the messages in red.</numerusform>
        </translation>
    </message>
    <message>
        <source>填写申请表</source>
        <translation>Fill in the application form</translation>
    </message>
    <message>
        <source>请核对申请表。证件上的信息已自动填写，其余请点击输入框填写。</source>
        <translation>Please check the application form. Details from your ID card are already filled in; tap a box to fill in the rest.</translation>
    </message>
    <message>
        <source>证件上的信息已自动填写（灰色，不可修改）。带 * 的为必填项。</source>
        <translation>Details from your ID card are filled in for you (in grey; they cannot be changed). Items marked * must be filled in.</translation>
    </message>
    <message>
        <source>请先选择事项并核验身份。</source>
        <translation>Please choose a service and identify yourself first.</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>已从您提交的材料中识别（可信度 %1%），请核对，如有错误请修改。</source>
        <translation>Read from the documents you provided (confidence %1%). Please check it and correct it if it is wrong.</translation>
    </message>
    <message>
        <source>材料中有字无法识别，请您手动输入。</source>
        <translation>A character in your documents could not be read. Please type this field in yourself.</translation>
    </message>
    <message>
        <source>从材料中识别为“%1”，已按标准名录更正为“%2”，请核对确认。</source>
        <translation>Read from your documents as “%1” and corrected to “%2” from the official list. Please check and confirm it.</translation>
    </message>
    <message>
        <source>已从您提交的材料中识别，部分文字不够清晰，请务必核对。</source>
        <translation>Read from the documents you provided, but some characters were unclear. Please check it carefully.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::GuideScreen</name>
    <message>
        <source>办事指南</source>
        <translation>Service guide</translation>
    </message>
    <message>
        <source>没有找到这个事项，请返回重新选择。</source>
        <translation>This service was not found. Please go back and choose again.</translation>
    </message>
    <message>
        <source>%1。需要准备：%2。准备好后，请按开始办理。</source>
        <translation>%1. You need: %2. When you are ready, tap Start.</translation>
    </message>
    <message>
        <source>无需另外提交材料</source>
        <translation>no other documents</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>开始办理</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>办理部门：%1</source>
        <translation>Department: %1</translation>
    </message>
    <message>
        <source>承诺时限：即办</source>
        <translation>Promised time: on the spot</translation>
    </message>
    <message numerus="yes">
        <source>承诺时限：%n 个工作日</source>
        <translation>
            <numerusform>Promised time: %n working day</numerusform>
            <numerusform>Promised time: %n working days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>法定时限：%n 个工作日</source>
        <translation>
            <numerusform>Legal time limit: %n working day</numerusform>
            <numerusform>Legal time limit: %n working days</numerusform>
        </translation>
    </message>
    <message>
        <source>收费：%1</source>
        <translation>Fee: %1</translation>
    </message>
    <message>
        <source>不收费</source>
        <translation>free</translation>
    </message>
    <message>
        <source>可委托他人代办</source>
        <translation>Someone else may apply for you</translation>
    </message>
    <message>
        <source>需要核验本人身份（可人脸核验，也可到窗口由工作人员核验）</source>
        <translation>Your identity must be checked (by face verification here, or by staff at a counter)</translation>
    </message>
    <message>
        <source>需要准备的材料</source>
        <translation>What to bring</translation>
    </message>
    <message>
        <source>已通过数据共享获取，无需提交</source>
        <translation>obtained by data sharing: nothing to bring</translation>
    </message>
    <message>
        <source>按需提供</source>
        <translation>only if it applies to you</translation>
    </message>
    <message>
        <source>可容缺受理，事后补交</source>
        <translation>may be supplied later</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n 份</source>
        <translation>
            <numerusform>%1, %n copy</numerusform>
            <numerusform>%1, %n copies</numerusform>
        </translation>
    </message>
    <message>
        <source>受理条件</source>
        <translation>Who can apply</translation>
    </message>
    <message>
        <source>告知承诺</source>
        <translation>Commitment instead of certificates</translation>
    </message>
    <message>
        <source>本事项可实行告知承诺制：您签署承诺书后，部分证明材料可免于提交。</source>
        <translation>For this service you may sign a commitment instead of bringing some certificates.</translation>
    </message>
    <message>
        <source>结果领取方式</source>
        <translation>How you receive the result</translation>
    </message>
    <message>
        <source>设定依据</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>如有疑问，请咨询现场工作人员或拨打 %1。</source>
        <translation>Questions? Ask the staff or call %1.</translation>
    </message>
    <message>
        <source>打印一次性告知单（A4）</source>
        <translation>Print this guide (A4)</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::HelpScreen</name>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>需要帮助时，请联系现场工作人员，或拨打政务服务便民热线%1。</source>
        <translation>If you need help, ask the staff here or call the government service hotline %1.</translation>
    </message>
    <message>
        <source>1. 在首页选择服务，按屏幕提示操作。
2. 需要身份证时，请将证件放在读卡区。
3. 点击右上角“关爱模式”可放大字体并开启语音。
4. 长时间无操作时，本机会提醒您，随后自动退出并清除您的信息。</source>
        <translation>1. Choose a service on the home screen and follow the instructions.
2. When your ID card is needed, place it on the card reader.
3. Tap &quot;Care mode&quot; at the top right for large text and voice guidance.
4. If you do nothing for a while, the kiosk reminds you, then ends and clears your information.</translation>
    </message>
    <message>
        <source>政务服务便民热线</source>
        <translation>Government service hotline</translation>
    </message>
    <message>
        <source>政务服务便民热线 %1</source>
        <translation>Government service hotline %1</translation>
    </message>
    <message>
        <source>需要人工帮助时，请到服务中心咨询台，工作人员会为您帮办代办。</source>
        <translation>For personal help, go to the information desk: staff will help you or apply on your behalf.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::HomeScreen</name>
    <message>
        <source>请选择服务</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <source>请选择您要办理的服务：办事、进度查询、自助打印、评价或帮助。</source>
        <translation>Please choose a service: apply, progress, self-print, rate, or help.</translation>
    </message>
    <message>
        <source>轻触下方按钮开始。如需帮助，请按“帮助”或联系现场工作人员。</source>
        <translation>Tap a button below to begin. For help, tap &quot;Help&quot; or ask the staff.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::IdentifyScreen</name>
    <message>
        <source>核验身份</source>
        <translation>Identify yourself</translation>
    </message>
    <message>
        <source>正在等待读取证件……</source>
        <translation>Waiting for your card…</translation>
    </message>
    <message>
        <source>已读取证件：%1（%2）</source>
        <translation>Card read: %1 (%2)</translation>
    </message>
    <message>
        <source>您的证件已过有效期（有效期至 %1），不能用于办理。请使用有效证件，或到人工窗口办理。</source>
        <translation>Your card has expired (valid until %1) and cannot be used. Please use a valid card, or go to a service counter.</translation>
    </message>
    <message>
        <source>您的证件尚未生效，请使用其他有效证件，或到人工窗口办理。</source>
        <translation>Your card is not valid yet. Please use another valid card, or go to a service counter.</translation>
    </message>
    <message>
        <source>无法核验这张证件，请到人工窗口办理。</source>
        <translation>This card cannot be verified. Please go to a service counter.</translation>
    </message>
    <message>
        <source>没有读取成功，请把证件平放在读卡区，不要移动。</source>
        <translation>The card could not be read. Lay it flat on the reader and keep it still.</translation>
    </message>
    <message>
        <source>读卡器暂不可用，请到人工窗口办理，或拨打 %1 咨询。</source>
        <translation>The card reader is not available. Please go to a service counter, or call %1.</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>使用粤省事码</source>
        <translation>Use the Yueshengshi code</translation>
    </message>
    <message>
        <source>正在核验粤省事码……</source>
        <translation>Checking your Yue Sheng Shi code…</translation>
    </message>
    <message>
        <source>代办人：%1（%2）。
请放入委托人（申请人本人）的身份证件。</source>
        <translation>Agent: %1 (%2).
Now place the ID card of the principal (the person applying) on the card reader.</translation>
    </message>
    <message>
        <source>代办人：%1（%2）
委托人：%3（%4）
下一步请提交授权委托书。</source>
        <translation>Agent: %1 (%2)
Principal: %3 (%4)
Next, please provide the letter of authorisation.</translation>
    </message>
    <message>
        <source>这是代办人本人的证件。请放入委托人的身份证件。</source>
        <translation>This is the agent&apos;s own card. Please place the principal&apos;s ID card on the card reader.</translation>
    </message>
    <message>
        <source>粤省事码无效或已过期，请在手机上刷新后重新出示。</source>
        <translation>The Yue Sheng Shi code is not valid or has expired. Please refresh it on your phone and show it again.</translation>
    </message>
    <message>
        <source>暂时连不上省政务服务平台，请使用身份证件。</source>
        <translation>We cannot connect to the provincial government service platform just now. Please use your ID card.</translation>
    </message>
    <message>
        <source>我是代他人办理（委托办理）</source>
        <translation>I am acting for someone else</translation>
    </message>
    <message>
        <source>没有带证件？可以出示粤省事码，联网核验身份。</source>
        <translation>No ID card with you? You can show your Yue Sheng Shi code to be checked online.</translation>
    </message>
    <message>
        <source>粤省事码需要联网核验，本机暂时连不上省政务服务平台，请使用身份证件。</source>
        <translation>The Yue Sheng Shi code is checked online, and this kiosk cannot connect to the provincial government service platform just now. Please use your ID card.</translation>
    </message>
    <message>
        <source>本事项需要核验本人身份，请使用身份证件（粤省事码不能用于人脸比对）。</source>
        <translation>This service needs to confirm who you are: please use your ID card (the Yue Sheng Shi code cannot be used for face comparison).</translation>
    </message>
    <message>
        <source>请打开粤省事，出示粤省事码，对准%1的扫码口。</source>
        <translation>Open the Yue Sheng Shi app and hold your Yue Sheng Shi code to the code scanner %1.</translation>
    </message>
    <message>
        <source>请将身份证件放在%1的读卡区，听到提示后再拿开。</source>
        <translation>Place your ID card on the card reader %1 and leave it there until you hear the prompt.</translation>
    </message>
    <message>
        <source>请将以下任一证件放在%1的读卡区，读完前不要拿开：
· 居民身份证
· 港澳台居民居住证
· 外国人永久居留身份证</source>
        <translation>Place one of these on the card reader %1 and leave it there until it has been read:
· Resident identity card
· Residence permit for Hong Kong, Macao and Taiwan residents
· Foreigner&apos;s permanent residence ID card</translation>
    </message>
    <message>
        <source>示意图：读卡区在%1</source>
        <translation>Picture: the card reader is %1</translation>
    </message>
    <message>
        <source>示意图：扫码口在%1</source>
        <translation>Picture: the code scanner is %1</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::IdleCountdown</name>
    <message numerus="yes">
        <source>%n 秒后将自动退出，并清除您在本机填写的所有信息。</source>
        <translation>
            <numerusform>The kiosk will end in %n second and clear everything you entered.</numerusform>
            <numerusform>The kiosk will end in %n seconds and clear everything you entered.</numerusform>
        </translation>
    </message>
    <message>
        <source>您还在吗？</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>继续办理</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>结束并退出</source>
        <translation>End now</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::MainWindow</name>
    <message>
        <source>关爱模式</source>
        <translation>Care mode</translation>
    </message>
    <message>
        <source>关爱模式：大字体、高对比度和语音提示</source>
        <translation>Care mode: large text, high contrast and voice guidance</translation>
    </message>
    <message>
        <source>返回</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>返回上一步</source>
        <translation>Go back one step</translation>
    </message>
    <message>
        <source>首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>回到首页</source>
        <translation>Go to the home screen</translation>
    </message>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>帮助与人工服务</source>
        <translation>Help and staff assistance</translation>
    </message>
    <message>
        <source>重听</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>再听一遍本页提示</source>
        <translation>Hear this page&apos;s instructions again</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::MaintenanceCataloguePage</name>
    <message>
        <source>正在更新事项目录……</source>
        <translation>Refreshing the service catalogue…</translation>
    </message>
    <message>
        <source>目录版本：%1（%2 个事项）</source>
        <translation>Catalogue version: %1 (%2 items)</translation>
    </message>
    <message>
        <source>上次更新：%1</source>
        <translation>Last refresh: %1</translation>
    </message>
    <message>
        <source>本次启动后未更新</source>
        <translation>not since start-up</translation>
    </message>
    <message>
        <source>最近错误：%1</source>
        <translation>Last error: %1</translation>
    </message>
    <message>
        <source>事项目录</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <source>立即更新目录</source>
        <translation>Refresh catalogue now</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::MaintenanceDevicesPage</name>
    <message>
        <source>身份证阅读器</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <source>扫码器</source>
        <translation>QR scanner</translation>
    </message>
    <message>
        <source>凭条打印机</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>A4打印机</source>
        <translation>A4 printer</translation>
    </message>
    <message>
        <source>文件扫描仪</source>
        <translation>Document scanner</translation>
    </message>
    <message>
        <source>高拍仪</source>
        <translation>Document camera</translation>
    </message>
    <message>
        <source>人脸摄像头</source>
        <translation>Face camera</translation>
    </message>
    <message>
        <source>读卡测试</source>
        <translation>Card read test</translation>
    </message>
    <message>
        <source>扫码测试</source>
        <translation>QR read test</translation>
    </message>
    <message>
        <source>打印测试小票</source>
        <translation>Print test receipt</translation>
    </message>
    <message>
        <source>打印A4测试页</source>
        <translation>Print A4 test page</translation>
    </message>
    <message>
        <source>扫描测试页</source>
        <translation>Scan test page</translation>
    </message>
    <message>
        <source>摄像头检查</source>
        <translation>Camera check</translation>
    </message>
    <message>
        <source>自检</source>
        <translation>Self-test</translation>
    </message>
    <message>
        <source>请在读卡器上放置一张身份证（只显示遮盖后的信息）。</source>
        <translation>Place an ID card on the reader (only masked data is shown).</translation>
    </message>
    <message>
        <source>请在扫码器前出示一个二维码。</source>
        <translation>Show a QR code to the scanner.</translation>
    </message>
    <message>
        <source>请在扫描仪上放一张空白或测试用纸。</source>
        <translation>Put a blank or test sheet on the scanner.</translation>
    </message>
    <message>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>摄像头画面（不录制、不保存）</source>
        <translation>Camera picture (not recorded, not stored)</translation>
    </message>
    <message>
        <source>没有配置任何设备。</source>
        <translation>No devices are configured.</translation>
    </message>
    <message>
        <source>通过</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>未通过</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>自检完成：%1</source>
        <translation>Self-test finished: %1</translation>
    </message>
    <message>
        <source>当前身份无权执行此操作。</source>
        <translation>Your role may not do this.</translation>
    </message>
    <message>
        <source>正在自检……</source>
        <translation>Self-test running…</translation>
    </message>
    <message>
        <source>已开始自检：%1</source>
        <translation>Self-test started: %1</translation>
    </message>
    <message>
        <source>设备状态与自检</source>
        <translation>Device status and self-tests</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>working</translation>
    </message>
    <message>
        <source>工作中</source>
        <translation>busy</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>未连接</source>
        <translation>not connected</translation>
    </message>
    <message>
        <source>故障</source>
        <translation>fault</translation>
    </message>
    <message>
        <source>需要处理</source>
        <translation>needs attention</translation>
    </message>
    <message>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>型号：%1</source>
        <translation>Model: %1</translation>
    </message>
    <message>
        <source>端口：%1</source>
        <translation>Port: %1</translation>
    </message>
    <message>
        <source>安全模块（SAM）：%1，与登记一致</source>
        <translation>Secure module (SAM): %1, as recorded</translation>
    </message>
    <message>
        <source>安全模块（SAM）：%1，尚未登记（请用 kioskctl idcard sam record 登记）</source>
        <translation>Secure module (SAM): %1, not recorded yet (record it with kioskctl idcard sam record)</translation>
    </message>
    <message>
        <source>安全模块（SAM）：%1，与登记的 %2 不符，读卡器已停用</source>
        <translation>Secure module (SAM): %1 does not match the recorded %2; the card reader is disabled</translation>
    </message>
    <message>
        <source>安全模块（SAM）：读卡器尚未应答</source>
        <translation>Secure module (SAM): the card reader has not answered yet</translation>
    </message>
    <message>
        <source>接受新的安全模块</source>
        <translation>Accept the new secure module</translation>
    </message>
    <message>
        <source>已登记新的安全模块，读卡器恢复使用。</source>
        <translation>The new secure module is recorded; the card reader is back in use.</translation>
    </message>
    <message>
        <source>未能登记新的安全模块：读卡器没有给出有效编号，或登记文件无法写入。</source>
        <translation>Could not record the new secure module: the reader gave no valid id, or the record file cannot be written.</translation>
    </message>
    <message>
        <source>设备报告：%1</source>
        <translation>Device report: %1</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::MaintenanceLoginScreen</name>
    <message>
        <source>本机的维护功能不可用。</source>
        <translation>Maintenance is not available on this kiosk.</translation>
    </message>
    <message>
        <source>请输入维护密码。</source>
        <translation>Please enter the maintenance PIN.</translation>
    </message>
    <message>
        <source>正在验证……</source>
        <translation>Checking…</translation>
    </message>
    <message numerus="yes">
        <source>错误次数过多，维护菜单已锁定，请 %n 分钟后再试。</source>
        <translation>
            <numerusform>Too many wrong PINs: the maintenance menu is locked. Try again in %n minute.</numerusform>
            <numerusform>Too many wrong PINs: the maintenance menu is locked. Try again in %n minutes.</numerusform>
        </translation>
    </message>
    <message>
        <source>本机尚未设置维护密码，请用 kioskctl 设置后再试。</source>
        <translation>No maintenance PIN is set up on this kiosk. Set one with kioskctl, then try again.</translation>
    </message>
    <message>
        <source>暂时无法验证，请稍后再试。</source>
        <translation>The PIN cannot be checked right now. Please try again later.</translation>
    </message>
    <message>
        <source>设备维护登录</source>
        <translation>Maintenance sign-in</translation>
    </message>
    <message>
        <source>维护密码</source>
        <translation>Maintenance PIN</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>错误次数过多，维护菜单已锁定至 %1。</source>
        <translation>Too many failed attempts: the maintenance menu is locked until %1.</translation>
    </message>
    <message numerus="yes">
        <source>此前已输错，还可以再试 %n 次。</source>
        <translation>
            <numerusform>There were failed attempts: %n attempt left.</numerusform>
            <numerusform>There were failed attempts: %n attempts left.</numerusform>
        </translation>
    </message>
    <message>
        <source>（锁定至 %1）</source>
        <translation>(locked until %1)</translation>
    </message>
    <message>
        <source>已读取员工卡，请输入维护密码。</source>
        <translation>Staff card read. Please enter the maintenance PIN.</translation>
    </message>
    <message numerus="yes">
        <source>员工卡或密码错误，请重新放置员工卡，还可以再试 %n 次。</source>
        <translation>
            <numerusform>Wrong staff card or PIN. Place your card again; %n attempt left.</numerusform>
            <numerusform>Wrong staff card or PIN. Place your card again; %n attempts left.</numerusform>
        </translation>
    </message>
    <message>
        <source>请先在读卡器上放置员工卡，再输入维护密码。</source>
        <translation>Place your staff card on the card reader first, then enter the PIN.</translation>
    </message>
    <message>
        <source>请放置员工卡，并输入维护密码。</source>
        <translation>Place your staff card and enter the maintenance PIN.</translation>
    </message>
    <message>
        <source>仅供设备维护人员使用。请先在读卡器上放置员工卡，再输入维护密码并点击登录。</source>
        <translation>For maintenance staff only. Place your staff card on the card reader, then enter the PIN and tap Sign in.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::MaintenanceLogsPage</name>
    <message>
        <source>没有可用的U盘或导出目录。请插入U盘后点击“刷新状态”。</source>
        <translation>No USB drive or export folder is available. Insert a USB drive, then tap Refresh.</translation>
    </message>
    <message>
        <source>日志已导出到：%1</source>
        <translation>Logs exported to: %1</translation>
    </message>
    <message>
        <source>导出失败：%1</source>
        <translation>Export failed: %1</translation>
    </message>
    <message>
        <source>正在导出……</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>当前身份无权执行此操作。</source>
        <translation>Your role may not do this.</translation>
    </message>
    <message>
        <source>没有日志。</source>
        <translation>No log lines.</translation>
    </message>
    <message>
        <source>最近日志（不含个人信息）</source>
        <translation>Recent log lines (no personal data)</translation>
    </message>
    <message>
        <source>导出日志</source>
        <translation>Export logs</translation>
    </message>
    <message>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>最近日志</source>
        <translation>Recent log lines</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::MaintenanceMenuScreen</name>
    <message>
        <source>主管</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>技术员</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>当前身份：%1</source>
        <translation>Signed in as: %1</translation>
    </message>
    <message>
        <source>未登录，请先登录维护菜单。</source>
        <translation>Not signed in. Please sign in to the maintenance menu first.</translation>
    </message>
    <message>
        <source>设备维护</source>
        <translation>Maintenance</translation>
    </message>
    <message>
        <source>已进入设备维护菜单。</source>
        <translation>You are in the maintenance menu.</translation>
    </message>
    <message>
        <source>上报队列</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>刷新状态</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>退出维护</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>退出维护，回到首页</source>
        <translation>Sign out and return to the home screen</translation>
    </message>
    <message>
        <source>设备</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>事项目录</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <source>网络</source>
        <translation>Network</translation>
    </message>
    <message>
        <source>日志</source>
        <translation>Logs</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>维护页面：%1</source>
        <translation>Maintenance page: %1</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::MaintenanceNetworkPage</name>
    <message>
        <source>通过</source>
        <translation>Passed</translation>
    </message>
    <message>
        <source>未通过</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>未检查</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <source>未配置政务平台地址。</source>
        <translation>No platform address is configured.</translation>
    </message>
    <message>
        <source>平台可达（HTTP %1）</source>
        <translation>Platform reachable (HTTP %1)</translation>
    </message>
    <message>
        <source>平台不可达（%1）</source>
        <translation>Platform not reachable (%1)</translation>
    </message>
    <message>
        <source>TLS 证书检查：%1</source>
        <translation>TLS certificate check: %1</translation>
    </message>
    <message>
        <source>公钥固定（%1 个）：%2</source>
        <translation>Key pins (%1): %2</translation>
    </message>
    <message>
        <source>没有有效的公钥固定：不连接平台（原因见下）。</source>
        <translation>No valid key pin: the platform is not contacted (reason below).</translation>
    </message>
    <message>
        <source>本机时钟与平台相差：%1 秒</source>
        <translation>Clock offset from the platform: %1 s</translation>
    </message>
    <message>
        <source>时钟偏差：平台未提供时间。</source>
        <translation>Clock offset: the platform sent no time.</translation>
    </message>
    <message>
        <source>正在检查网络……</source>
        <translation>Checking the network…</translation>
    </message>
    <message>
        <source>点击“检查网络”查看平台连接。</source>
        <translation>Tap Check network to test the platform connection.</translation>
    </message>
    <message>
        <source>网络与平台</source>
        <translation>Network and platform</translation>
    </message>
    <message>
        <source>检查网络</source>
        <translation>Check network</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::MaintenancePage</name>
    <message>
        <source>未发现U盘</source>
        <translation>No USB drive found</translation>
    </message>
    <message>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::MaintenanceQueuePage</name>
    <message>
        <source>已开始同步。</source>
        <translation>Sync started.</translation>
    </message>
    <message>
        <source>没有可用的U盘或导出目录。请插入U盘后点击“刷新状态”。</source>
        <translation>No USB drive or export folder is available. Insert a USB drive, then tap Refresh.</translation>
    </message>
    <message>
        <source>已导出（密封数据）到：%1</source>
        <translation>Exported (sealed data) to: %1</translation>
    </message>
    <message>
        <source>导出失败：%1</source>
        <translation>Export failed: %1</translation>
    </message>
    <message>
        <source>当前身份无权执行此操作。</source>
        <translation>Your role may not do this.</translation>
    </message>
    <message>
        <source>正在导出……</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>上报队列状态不可用。</source>
        <translation>The outbox status is not available.</translation>
    </message>
    <message>
        <source>待上报：%1</source>
        <translation>Waiting to send: %1</translation>
    </message>
    <message>
        <source>上报中：%1</source>
        <translation>Sending: %1</translation>
    </message>
    <message>
        <source>上报失败（死信）：%1</source>
        <translation>Failed (dead letters): %1</translation>
    </message>
    <message>
        <source>最早一件已等待：%1 秒</source>
        <translation>Oldest item waiting: %1 s</translation>
    </message>
    <message>
        <source>没有等待上报的办件。</source>
        <translation>Nothing is waiting to be sent.</translation>
    </message>
    <message>
        <source>上次同步：%1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <source>从未</source>
        <translation>never</translation>
    </message>
    <message>
        <source>最近错误：%1</source>
        <translation>Last error: %1</translation>
    </message>
    <message>
        <source>没有死信。</source>
        <translation>No dead letters.</translation>
    </message>
    <message>
        <source>%1 · 事项 %2 · 已尝试 %3 次
原因：%4</source>
        <translation>%1 · item %2 · %3 attempt(s)
Reason: %4</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>重新上报</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>重新上报 %1</source>
        <translation>Retry %1</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>删除 %1（仅限主管）</source>
        <translation>Delete %1 (supervisor only)</translation>
    </message>
    <message>
        <source>已放回上报队列。</source>
        <translation>Back in the outbox.</translation>
    </message>
    <message>
        <source>操作失败：%1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>正在处理……</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>再次点击确认删除</source>
        <translation>Tap again to delete</translation>
    </message>
    <message>
        <source>已删除。</source>
        <translation>Deleted.</translation>
    </message>
    <message>
        <source>上报队列</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>死信（平台拒收的办件）</source>
        <translation>Dead letters (refused by the platform)</translation>
    </message>
    <message>
        <source>导出密封办件到U盘</source>
        <translation>Export sealed submissions to a USB drive</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>导出队列</source>
        <translation>Export outbox</translation>
    </message>
    <message>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <source>评价 %1</source>
        <translation>Rating of %1</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::MaintenanceSettingsPage</name>
    <message>
        <source>已保存，重启应用后生效。</source>
        <translation>Saved. Takes effect when the app restarts.</translation>
    </message>
    <message>
        <source>未保存：%1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>再次点击确认重启应用</source>
        <translation>Tap again to restart the app</translation>
    </message>
    <message>
        <source>再次点击确认退出自助模式</source>
        <translation>Tap again to leave kiosk mode</translation>
    </message>
    <message>
        <source>当前身份无权执行此操作。</source>
        <translation>Your role may not do this.</translation>
    </message>
    <message>
        <source>音量：%1%</source>
        <translation>Volume: %1%</translation>
    </message>
    <message>
        <source>无法调节音量。</source>
        <translation>The volume cannot be changed.</translation>
    </message>
    <message>
        <source>%1 = %2（本机修改）</source>
        <translation>%1 = %2 (changed on this kiosk)</translation>
    </message>
    <message>
        <source>没有配置文件。</source>
        <translation>No configuration file.</translation>
    </message>
    <message>
        <source>无法读取音量。</source>
        <translation>The volume cannot be read.</translation>
    </message>
    <message>
        <source>当前配置</source>
        <translation>Current configuration</translation>
    </message>
    <message>
        <source>修改配置（主管）</source>
        <translation>Change a setting (supervisor)</translation>
    </message>
    <message>
        <source>音量</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>保存配置</source>
        <translation>Save setting</translation>
    </message>
    <message>
        <source>音量 −</source>
        <translation>Volume −</translation>
    </message>
    <message>
        <source>调低音量</source>
        <translation>Volume down</translation>
    </message>
    <message>
        <source>音量 +</source>
        <translation>Volume +</translation>
    </message>
    <message>
        <source>调高音量</source>
        <translation>Volume up</translation>
    </message>
    <message>
        <source>重启应用</source>
        <translation>Restart app</translation>
    </message>
    <message>
        <source>退出自助模式（主管）</source>
        <translation>Leave kiosk mode (supervisor)</translation>
    </message>
    <message>
        <source>配置项</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>新的值</source>
        <translation>New value</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::MaterialsScreen</name>
    <message>
        <source>正在拍摄，请保持材料平整、不要移动……</source>
        <translation>Taking a photo. Keep the document flat and still…</translation>
    </message>
    <message>
        <source>正在扫描，请稍候……</source>
        <translation>Scanning, please wait…</translation>
    </message>
    <message numerus="yes">
        <source>已采集 %n 页。</source>
        <translation>
            <numerusform>%n page captured.</numerusform>
            <numerusform>%n pages captured.</numerusform>
        </translation>
    </message>
    <message>
        <source>没有检测到材料，请把材料放好后再试。</source>
        <translation>No document found. Please place it properly and try again.</translation>
    </message>
    <message>
        <source>卡纸了，请联系工作人员处理。</source>
        <translation>Paper jam. Please ask the staff for help.</translation>
    </message>
    <message>
        <source>设备正忙，请稍后再试。</source>
        <translation>The device is busy. Please try again shortly.</translation>
    </message>
    <message>
        <source>采集失败，请重试；仍不成功请联系工作人员。</source>
        <translation>That did not work. Please try again; if it still does not work, ask the staff.</translation>
    </message>
    <message numerus="yes">
        <source>已采集 %n 页</source>
        <translation>
            <numerusform>%n page captured</numerusform>
            <numerusform>%n pages captured</numerusform>
        </translation>
    </message>
    <message>
        <source>容缺受理：承诺在办结前补交</source>
        <translation>Accept now, supply later: you promise to supply it before your case is completed</translation>
    </message>
    <message>
        <source>按需提供</source>
        <translation>Only if it applies to you</translation>
    </message>
    <message>
        <source>尚未提交</source>
        <translation>Not provided yet</translation>
    </message>
    <message>
        <source>扫描</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>拍照</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <source>取消容缺</source>
        <translation>Provide it now</translation>
    </message>
    <message>
        <source>容缺后补</source>
        <translation>Supply later</translation>
    </message>
    <message>
        <source>本机暂时不能采集材料。请到人工窗口办理，或拨打 %1 咨询。</source>
        <translation>This kiosk cannot capture documents just now. Please go to a service counter, or call %1.</translation>
    </message>
    <message numerus="yes">
        <source>还缺 %n 项必交材料。</source>
        <translation>
            <numerusform>%n required document is still missing.</numerusform>
            <numerusform>%n required documents are still missing.</numerusform>
        </translation>
    </message>
    <message>
        <source>材料已齐全，请按下一步。</source>
        <translation>All documents are in. Please tap Next.</translation>
    </message>
    <message>
        <source>提交材料</source>
        <translation>Provide documents</translation>
    </message>
    <message>
        <source>请逐项提交材料：放在扫描仪上按扫描，或放在高拍仪下按拍照。可以容缺的材料可以稍后补交。</source>
        <translation>Please provide each document: put it on the scanner and tap Scan, or under the document camera and tap Take photo. Some documents can be supplied later.</translation>
    </message>
    <message>
        <source>通过数据共享可以获取的材料无需提交。标 * 的为必交材料；可容缺的材料可承诺后补。</source>
        <translation>Documents we can get by data sharing are not needed. Documents marked * are required; some can be supplied later if you promise to.</translation>
    </message>
    <message>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>这一页看不清，请重新采集：</source>
        <translation>This page cannot be read clearly. Please capture it again:</translation>
    </message>
    <message>
        <source>正在处理这一页，请稍候……</source>
        <translation>Processing this page, please wait...</translation>
    </message>
    <message>
        <source>已删除第 %1 页。</source>
        <translation>Page %1 deleted.</translation>
    </message>
    <message>
        <source>还有下一页请换上；拍完请按“拍完了”。</source>
        <translation>Put the next page in place, or tap Done when you have finished.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::OnScreenKeyboard</name>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>空格</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>拼音</source>
        <translation>Pinyin</translation>
    </message>
    <message>
        <source>英文</source>
        <translation>ABC</translation>
    </message>
    <message>
        <source>数字</source>
        <translation>123</translation>
    </message>
    <message>
        <source>大写</source>
        <translation>Shift</translation>
    </message>
    <message>
        <source>上一页候选字</source>
        <translation>Previous candidates</translation>
    </message>
    <message>
        <source>下一页候选字</source>
        <translation>More candidates</translation>
    </message>
    <message>
        <source>候选字</source>
        <translation>Candidate</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::OutOfServiceScreen</name>
    <message>
        <source>本机暂停服务</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>本机暂停服务，请前往人工窗口或使用其他自助终端。</source>
        <translation>This kiosk is out of service. Please go to a service counter or use another kiosk.</translation>
    </message>
    <message>
        <source>工作人员请查看：</source>
        <translation>For staff:</translation>
    </message>
    <message>
        <source>给您带来不便，敬请谅解。
请前往人工窗口办理，或使用其他自助终端。</source>
        <translation>We are sorry for the inconvenience.
Please go to a staffed counter, or use another self-service kiosk.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::PageStrip</name>
    <message>
        <source>第 %1 页</source>
        <translation>Page %1</translation>
    </message>
    <message>
        <source>%1 第 %2 页</source>
        <translation>%1, page %2</translation>
    </message>
    <message>
        <source>旋转</source>
        <translation>Rotate</translation>
    </message>
    <message>
        <source>重拍</source>
        <translation>Retake</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::PaymentScreen</name>
    <message>
        <source>%1 元</source>
        <translation>%1 yuan</translation>
    </message>
    <message>
        <source>这不是付款码。请打开微信、支付宝或云闪付的“付款码”，对准扫码口。</source>
        <translation>That is not a payment code. Open the payment code in WeChat, Alipay or UnionPay and hold it to the scanner.</translation>
    </message>
    <message>
        <source>电子票据已打印，请从A4出纸口取走。</source>
        <translation>The e-invoice is printed. Please take it from the A4 tray.</translation>
    </message>
    <message>
        <source>电子票据没有打印出来，可稍后在粤省事查看。</source>
        <translation>The e-invoice did not print. You can see it later in Yueshengshi.</translation>
    </message>
    <message>
        <source>本次应缴费用共 %1 元。请用手机扫描屏幕上的二维码付款，或出示付款码。</source>
        <translation>The fees come to %1 yuan. Scan the QR code on the screen with your phone, or show your payment code.</translation>
    </message>
    <message>
        <source>正在用付款码支付，请稍候……</source>
        <translation>Paying with your payment code, please wait…</translation>
    </message>
    <message>
        <source>缴费成功，已缴 %1 元。请取走缴费回执。</source>
        <translation>Payment done: %1 yuan paid. Please take your receipt.</translation>
    </message>
    <message>
        <source>正在获取电子票据……</source>
        <translation>Fetching the e-invoice…</translation>
    </message>
    <message>
        <source>暂时取不到电子票据，可稍后在粤省事查看。</source>
        <translation>The e-invoice is not available yet. You can see it later in Yueshengshi.</translation>
    </message>
    <message>
        <source>正在打印电子票据……</source>
        <translation>Printing the e-invoice…</translation>
    </message>
    <message>
        <source>请在 %1 分 %2 秒内完成支付</source>
        <translation>Please pay within %1 min %2 s</translation>
    </message>
    <message>
        <source>订单即将过期，正在确认支付结果……</source>
        <translation>The order is about to expire. Checking whether it was paid…</translation>
    </message>
    <message>
        <source>支付二维码，金额 %1</source>
        <translation>Payment QR code, amount %1</translation>
    </message>
    <message>
        <source>缴纳费用</source>
        <translation>Pay the fees</translation>
    </message>
    <message>
        <source>您的申请已受理。本事项需缴费，可扫码支付、出示付款码，或稍后缴费。</source>
        <translation>Your application is accepted. This service has fees: scan to pay, show your payment code, or pay later.</translation>
    </message>
    <message>
        <source>合计：%1</source>
        <translation>Total: %1</translation>
    </message>
    <message>
        <source>请用微信、支付宝、云闪付或粤省事扫码支付；也可出示付款码，对准扫码口。</source>
        <translation>Scan with WeChat, Alipay, UnionPay or Yueshengshi to pay, or hold your payment code to the scanner.</translation>
    </message>
    <message>
        <source>本机暂不能缴费。请稍后通过粤省事或到窗口缴费。</source>
        <translation>Payment is not available on this kiosk now. Please pay later in Yueshengshi or at a counter.</translation>
    </message>
    <message>
        <source>本件费用已缴清，无需再缴。</source>
        <translation>The fees of this case are already paid. Nothing more to pay.</translation>
    </message>
    <message>
        <source>暂时不能生成缴费订单。您可以重试，或稍后通过粤省事或到窗口缴费。</source>
        <translation>A payment order cannot be made right now. Try again, or pay later in Yueshengshi or at a counter.</translation>
    </message>
    <message>
        <source>正在生成缴费订单，请稍候……</source>
        <translation>Making the payment order, please wait…</translation>
    </message>
    <message>
        <source>缴费成功：%1。缴费回执正在打印。</source>
        <translation>Paid: %1. Your receipt is printing.</translation>
    </message>
    <message>
        <source>缴费成功：%1，财政电子票据号 %2。缴费回执正在打印。</source>
        <translation>Paid: %1, fiscal e-invoice no. %2. Your receipt is printing.</translation>
    </message>
    <message>
        <source>订单已过期，未扣款。需要时可重新生成订单。</source>
        <translation>The order expired. Nothing was charged. You can make a new order.</translation>
    </message>
    <message>
        <source>支付没有成功，未扣款。您可以重新生成订单再试。</source>
        <translation>The payment did not go through. Nothing was charged. You can make a new order and try again.</translation>
    </message>
    <message>
        <source>订单已取消，未扣款。需要时可重新生成订单。</source>
        <translation>The order was cancelled. Nothing was charged. You can make a new order.</translation>
    </message>
    <message>
        <source>正在确认订单状态，请稍候……</source>
        <translation>Checking the order, please wait…</translation>
    </message>
    <message>
        <source>等待支付……支付完成后本页自动更新。</source>
        <translation>Waiting for payment… This page updates by itself once you have paid.</translation>
    </message>
    <message>
        <source>重新生成订单</source>
        <translation>New order</translation>
    </message>
    <message>
        <source>稍后缴费</source>
        <translation>Pay later</translation>
    </message>
    <message>
        <source>完成，退出</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>打印财政电子票据（A4）</source>
        <translation>Print the fiscal e-invoice (A4)</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::PrereviewPanel</name>
    <message>
        <source>“%1”的填写内容未通过检查，请返回修改。</source>
        <translation>&quot;%1&quot; did not pass the check. Please go back and correct it.</translation>
    </message>
    <message>
        <source>必须处理：</source>
        <translation>Must be fixed: </translation>
    </message>
    <message>
        <source>提示：</source>
        <translation>Note: </translation>
    </message>
    <message>
        <source>预审提示：您仍可以提交申请，以下提示会一并转给审核人员。</source>
        <translation>Pre-check: you can still submit. These notes will be passed on to the reviewer.</translation>
    </message>
    <message>
        <source>预审发现以下问题，处理后才能提交申请：</source>
        <translation>The pre-check found problems. Please fix them before you submit:</translation>
    </message>
    <message>
        <source>本事项需要核验本人身份：人脸核验没有进行或没有通过，工作人员会当面核验您的身份。</source>
        <translation>This item requires an identity check: face verification did not take place or did not succeed, so staff will check your identity in person.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::ProgressScreen</name>
    <message>
        <source>没有识别到受理编号，请核对后重新输入或扫描回执上的二维码。</source>
        <translation>No receipt number was recognised. Please check it and enter it again, or scan the QR code on your receipt.</translation>
    </message>
    <message>
        <source>正在查询……</source>
        <translation>Looking it up…</translation>
    </message>
    <message>
        <source>暂时连不上省政务服务平台，请稍后再查，或拨打 %1 咨询。</source>
        <translation>We cannot connect to the provincial government service platform just now. Please try again later, or call %1.</translation>
    </message>
    <message>
        <source>受理编号：%1</source>
        <translation>Receipt number: %1</translation>
    </message>
    <message>
        <source>事项：%1</source>
        <translation>Service: %1</translation>
    </message>
    <message>
        <source>本机记录：已受理，正在排队等待联网上报。</source>
        <translation>This kiosk&apos;s record: accepted, waiting to be sent when the kiosk is online.</translation>
    </message>
    <message>
        <source>暂时连不上省政务服务平台，以上是本机最后掌握的情况；办理进度请稍后再查。</source>
        <translation>We cannot connect to the provincial government service platform just now. The above is the latest this kiosk knows; please check progress again later.</translation>
    </message>
    <message>
        <source>办件编号：%1</source>
        <translation>Case number: %1</translation>
    </message>
    <message>
        <source>当前状态：%1</source>
        <translation>Status now: %1</translation>
    </message>
    <message>
        <source>承诺办结日期：%1</source>
        <translation>Promised completion date: %1</translation>
    </message>
    <message>
        <source>办理过程：</source>
        <translation>Progress so far:</translation>
    </message>
    <message>
        <source>办件进度查询</source>
        <translation>Check progress</translation>
    </message>
    <message>
        <source>受理编号，例如 GD-XXXX-20260101-000001</source>
        <translation>Receipt number, for example GD-XXXX-20260101-000001</translation>
    </message>
    <message>
        <source>受理编号</source>
        <translation>Receipt number</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>请打开粤省事，出示粤省事码，对准扫码口。</source>
        <translation>Open the Yue Sheng Shi app and hold your Yue Sheng Shi code to the scanner.</translation>
    </message>
    <message>
        <source>正在核验粤省事码……</source>
        <translation>Checking your Yue Sheng Shi code…</translation>
    </message>
    <message>
        <source>粤省事码无效或已过期，请在手机上刷新后重新出示。</source>
        <translation>The Yue Sheng Shi code is invalid or has expired. Please refresh it on your phone and show it again.</translation>
    </message>
    <message>
        <source>已核验：%1（%2）。正在查询您的办件……</source>
        <translation>Verified: %1 (%2). Looking up your applications…</translation>
    </message>
    <message>
        <source>查询办件没有成功，请稍后再试，或拨打 %1 咨询。</source>
        <translation>Your applications could not be looked up. Please try again later, or call %1.</translation>
    </message>
    <message>
        <source>没有查到您名下的办件。</source>
        <translation>No applications were found in your name.</translation>
    </message>
    <message>
        <source>请选择要查看进度的办件：</source>
        <translation>Choose an application to see its progress:</translation>
    </message>
    <message>
        <source>%1
%2 · %3</source>
        <translation>%1
%2 · %3</translation>
    </message>
    <message>
        <source>用粤省事码查询我的办件</source>
        <translation>Find my applications with my Yue Sheng Shi code</translation>
    </message>
    <message>
        <source>出示粤省事码，可列出您名下的全部办件。</source>
        <translation>Show your Yue Sheng Shi code to list all applications in your name.</translation>
    </message>
    <message>
        <source>按粤省事码查询需要联网核验，本机暂时连不上省政务服务平台；请用回执上的受理编号或二维码查询。</source>
        <translation>Looking up by Yue Sheng Shi code needs the network, and this kiosk cannot reach the provincial platform right now. Please use the acceptance number or the QR code on your receipt.</translation>
    </message>
    <message>
        <source>查看进度：%1，%2，%3</source>
        <translation>See progress: %1, %2, %3</translation>
    </message>
    <message>
        <source>请输入回执上的8位查询码，再按查询。</source>
        <translation>Enter the 8-digit query code from your receipt, then tap Search.</translation>
    </message>
    <message>
        <source>没有查到这个编号和查询码的办件。请核对回执上的受理编号（或办件编号）和8位查询码后重试，或咨询现场工作人员、拨打 %1。</source>
        <translation>No case was found for this number and query code. Check the receipt number (or case number) and the 8-digit query code on your receipt and try again, or ask the staff here or call %1.</translation>
    </message>
    <message>
        <source>本机记录：已上报省政务服务平台。</source>
        <translation>This kiosk&apos;s record: sent to the provincial platform.</translation>
    </message>
    <message>
        <source>省政务服务平台还没有收到这份申请，联网后会自动上报，无需再次办理。</source>
        <translation>The provincial platform has not received this application yet. It is sent automatically once the kiosk is online; you do not need to apply again.</translation>
    </message>
    <message>
        <source>查看办理过程：请输入回执上的8位查询码后按查询。</source>
        <translation>To see every step so far, enter the 8-digit query code from your receipt and tap Search.</translation>
    </message>
    <message>
        <source>请把回执上的二维码对准扫码口，或输入受理编号和查询码后按查询。</source>
        <translation>Hold the QR code on your receipt to the scanner, or enter the receipt number and query code and tap Search.</translation>
    </message>
    <message>
        <source>请扫描回执上的二维码，或输入回执上的受理编号 / 办件编号和8位查询码。</source>
        <translation>Scan the QR code on your receipt, or enter the receipt number / case number and the 8-digit query code shown on it.</translation>
    </message>
    <message>
        <source>查询码（回执上的8位数字）</source>
        <translation>Query code (8 digits on your receipt)</translation>
    </message>
    <message>
        <source>查询码</source>
        <translation>Query code</translation>
    </message>
    <message>
        <source>待缴费用：%1 元（可通过粤省事或到窗口缴费）</source>
        <translation>Fee due: %1 yuan (pay in Yueshengshi or at a counter)</translation>
    </message>
    <message>
        <source>费用：已缴清</source>
        <translation>Fee: paid</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::RatingScreen</name>
    <message>
        <source>感谢您的评价！</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <source>评价没有保存成功，感谢您的参与。</source>
        <translation>Your rating could not be saved. Thank you for taking part.</translation>
    </message>
    <message>
        <source>本次没有可评价的办件，感谢您的参与。</source>
        <translation>There is nothing to rate this time. Thank you for taking part.</translation>
    </message>
    <message>
        <source>评价内容不符合要求，请检查后再提交。</source>
        <translation>Your rating could not be accepted. Please check it and submit it again.</translation>
    </message>
    <message>
        <source>服务评价（好差评）</source>
        <translation>Service rating</translation>
    </message>
    <message>
        <source>请为本次服务评价：非常满意、满意、基本满意、不满意或非常不满意。也可以跳过。</source>
        <translation>Please rate our service: very satisfied, satisfied, fairly satisfied, dissatisfied or very dissatisfied. You can also skip this.</translation>
    </message>
    <message>
        <source>您对本次服务满意吗？</source>
        <translation>Are you satisfied with our service today?</translation>
    </message>
    <message>
        <source>非常不满意</source>
        <translation>Very dissatisfied</translation>
    </message>
    <message>
        <source>不满意</source>
        <translation>Dissatisfied</translation>
    </message>
    <message>
        <source>基本满意</source>
        <translation>Fairly satisfied</translation>
    </message>
    <message>
        <source>满意</source>
        <translation>Satisfied</translation>
    </message>
    <message>
        <source>非常满意</source>
        <translation>Very satisfied</translation>
    </message>
    <message>
        <source>请选择不满意的原因（可多选）：</source>
        <translation>What was the problem? (choose any that apply)</translation>
    </message>
    <message>
        <source>办理太慢</source>
        <translation>Too slow</translation>
    </message>
    <message>
        <source>指南不清楚</source>
        <translation>Guide was unclear</translation>
    </message>
    <message>
        <source>设备故障</source>
        <translation>Machine fault</translation>
    </message>
    <message>
        <source>步骤太多</source>
        <translation>Too many steps</translation>
    </message>
    <message>
        <source>工作人员态度</source>
        <translation>Staff attitude</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>意见建议（选填，请勿填写姓名、证件号等个人信息）：</source>
        <translation>Comments (optional; please do not enter your name, ID number or other personal details):</translation>
    </message>
    <message>
        <source>意见建议</source>
        <translation>Comments</translation>
    </message>
    <message>
        <source>提交评价</source>
        <translation>Submit rating</translation>
    </message>
    <message>
        <source>跳过，退出</source>
        <translation>Skip and finish</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::ReceiptScreen</name>
    <message>
        <source>重新打印回执</source>
        <translation>Print the receipt again</translation>
    </message>
    <message>
        <source>再打印一份</source>
        <translation>Print another copy</translation>
    </message>
    <message>
        <source>正在准备回执……</source>
        <translation>Preparing your receipt…</translation>
    </message>
    <message>
        <source>正在打印回执，请稍候……</source>
        <translation>Printing your receipt, please wait…</translation>
    </message>
    <message>
        <source>回执已打印，请从出纸口取走。</source>
        <translation>Your receipt has been printed. Please take it from the slot.</translation>
    </message>
    <message>
        <source>本机不能打印回执。请记下上面的受理编号，凭编号查询进度。</source>
        <translation>This kiosk cannot print a receipt. Please write down the receipt number above and use it to check progress.</translation>
    </message>
    <message>
        <source>打印机缺纸</source>
        <translation>printer out of paper</translation>
    </message>
    <message>
        <source>打印机盖未关好</source>
        <translation>printer cover open</translation>
    </message>
    <message>
        <source>打印机未连接</source>
        <translation>printer not connected</translation>
    </message>
    <message>
        <source>打印机故障</source>
        <translation>printer fault</translation>
    </message>
    <message>
        <source>回执没有打印出来（%1）。您的申请已经受理，请记下受理编号 %2，可请工作人员处理后重新打印。</source>
        <translation>The receipt was not printed (%1). Your application has been accepted. Please write down your receipt number %2; the staff can fix the printer and print it again.</translation>
    </message>
    <message>
        <source>申请已受理</source>
        <translation>Application accepted</translation>
    </message>
    <message>
        <source>您的申请已经受理，请取走回执。您可以为本次服务评价。</source>
        <translation>Your application has been accepted. Please take your receipt. You can rate our service if you wish.</translation>
    </message>
    <message>
        <source>受理编号 %1</source>
        <translation>Receipt number %1</translation>
    </message>
    <message>
        <source>事项：%1</source>
        <translation>Service: %1</translation>
    </message>
    <message>
        <source>办件编号：%1</source>
        <translation>Case number: %1</translation>
    </message>
    <message>
        <source>预计办结：%1 前</source>
        <translation>Expected to be completed by %1</translation>
    </message>
    <message>
        <source>您的申请已加密保存在本机，联网后自动上报省政务服务平台，无需再次办理。</source>
        <translation>Your application is stored securely on this kiosk and will be sent to the provincial government service platform automatically when the kiosk is online. You do not need to apply again.</translation>
    </message>
    <message>
        <source>已上报省政务服务平台。</source>
        <translation>Sent to the provincial government service platform.</translation>
    </message>
    <message>
        <source>请在办结前补交：%1</source>
        <translation>Please supply before your case is completed: %1</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>评价本次服务</source>
        <translation>Rate this service</translation>
    </message>
    <message>
        <source>完成，退出</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>另打印A4受理回执</source>
        <translation>Print an A4 notice too</translation>
    </message>
    <message>
        <source>您的申请已经受理，编号是 %1。请取走回执，编号印在回执上。您可以为本次服务评价。</source>
        <translation>Your application has been accepted. Its number is %1. Please take your receipt; the number is printed on it. You may rate this service.</translation>
    </message>
    <message>
        <source>示意图：回执从%1的出纸口出来</source>
        <translation>Picture: the receipt comes out of the slot %1</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::ReviewScreen</name>
    <message>
        <source>正在加密保存您的申请，请稍候……</source>
        <translation>Saving your application securely, please wait…</translation>
    </message>
    <message>
        <source>本机暂时不能受理新的申请（存储空间不足或长时间未联网）。您填写的内容没有提交，请到人工窗口办理，或拨打 %1 咨询。</source>
        <translation>This kiosk cannot take new applications just now (its storage is full or it has been offline too long). What you entered has not been sent. Please go to a service counter, or call %1.</translation>
    </message>
    <message>
        <source>本机尚未完成与省政务服务平台的首次连接，暂时不能受理。请到人工窗口办理。</source>
        <translation>This kiosk has not yet connected to the provincial government service platform for the first time, so it cannot take applications. Please go to a service counter.</translation>
    </message>
    <message>
        <source>提交没有成功，您填写的内容仍然保留。请再按一次提交；仍不成功请联系工作人员。</source>
        <translation>Your application was not sent, but what you entered is kept. Please tap Submit application again; if it still does not work, ask the staff.</translation>
    </message>
    <message>
        <source>核对并提交</source>
        <translation>Check and submit</translation>
    </message>
    <message>
        <source>请核对申请信息，确认无误后按提交申请。</source>
        <translation>Please check your application, then tap Submit application.</translation>
    </message>
    <message>
        <source>提交申请</source>
        <translation>Submit application</translation>
    </message>
    <message>
        <source>请先选择事项并核验身份。</source>
        <translation>Please choose a service and identify yourself first.</translation>
    </message>
    <message>
        <source>事项：%1</source>
        <translation>Service: %1</translation>
    </message>
    <message>
        <source>申请人：%1（%2）</source>
        <translation>Applicant: %1 (%2)</translation>
    </message>
    <message>
        <source>代办人：%1（%2）</source>
        <translation>Agent: %1 (%2)</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation>(not filled in)</translation>
    </message>
    <message numerus="yes">
        <source>已采集 %n 页</source>
        <translation>
            <numerusform>%n page captured</numerusform>
            <numerusform>%n pages captured</numerusform>
        </translation>
    </message>
    <message>
        <source>容缺后补</source>
        <translation>Supply later</translation>
    </message>
    <message>
        <source>未提供</source>
        <translation>Not provided</translation>
    </message>
    <message>
        <source>告知承诺：已签名承诺</source>
        <translation>Declaration by commitment: signed</translation>
    </message>
    <message>
        <source>领取方式：%1</source>
        <translation>How you receive the result: %1</translation>
    </message>
    <message>
        <source>邮寄地址：%1</source>
        <translation>Postal address: %1</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::SelfPrintScreen</name>
    <message>
        <source>打印完成，请从A4出纸口取走文件。</source>
        <translation>Printing is done. Please take your documents from the A4 paper slot.</translation>
    </message>
    <message>
        <source>打印没有成功，请联系工作人员。</source>
        <translation>Printing did not work. Please ask the staff for help.</translation>
    </message>
    <message>
        <source>正在核验粤省事码……</source>
        <translation>Checking your Yue Sheng Shi code…</translation>
    </message>
    <message>
        <source>粤省事码无效或已过期，请在手机上刷新后重新出示。</source>
        <translation>The Yue Sheng Shi code is not valid or has expired. Please refresh it on your phone and show it again.</translation>
    </message>
    <message>
        <source>暂时连不上省政务服务平台，请稍后再试。</source>
        <translation>We cannot connect to the provincial government service platform just now. Please try again later.</translation>
    </message>
    <message>
        <source>已核验：%1（%2）。正在查询您的文件……</source>
        <translation>Verified: %1 (%2). Looking for your documents…</translation>
    </message>
    <message>
        <source>查询文件没有成功，请稍后再试。</source>
        <translation>We could not look up your documents. Please try again later.</translation>
    </message>
    <message>
        <source>没有可以打印的文件。</source>
        <translation>There are no documents to print.</translation>
    </message>
    <message>
        <source>请选择要打印的文件：</source>
        <translation>Choose a document to print:</translation>
    </message>
    <message numerus="yes">
        <source>%1
%2 · %3 · %n 页</source>
        <translation>
            <numerusform>%1
%2 · %3 · %n page</numerusform>
            <numerusform>%1
%2 · %3 · %n pages</numerusform>
        </translation>
    </message>
    <message>
        <source>打印 %1</source>
        <translation>Print %1</translation>
    </message>
    <message>
        <source>本机暂不能打印A4文件，请到人工窗口办理。</source>
        <translation>This kiosk cannot print A4 documents just now. Please go to a service counter.</translation>
    </message>
    <message>
        <source>正在下载并打印，请稍候……</source>
        <translation>Downloading and printing, please wait…</translation>
    </message>
    <message>
        <source>文件下载没有成功，请稍后再试。</source>
        <translation>The document could not be downloaded. Please try again later.</translation>
    </message>
    <message>
        <source>自助打印</source>
        <translation>Self-print</translation>
    </message>
    <message>
        <source>请打开粤省事，出示粤省事码，对准扫码口。</source>
        <translation>Open the Yue Sheng Shi app and hold your Yue Sheng Shi code up to the scanner.</translation>
    </message>
    <message>
        <source>本机暂不提供自助打印，请到人工窗口办理。</source>
        <translation>Self-print is not available on this kiosk. Please go to a service counter.</translation>
    </message>
    <message>
        <source>自助打印需要联网，本机暂时连不上省政务服务平台，请稍后再试或到人工窗口办理。</source>
        <translation>Self-print needs an internet connection, and this kiosk cannot connect to the provincial government service platform just now. Please try again later, or go to a service counter.</translation>
    </message>
    <message>
        <source>请打开粤省事，出示粤省事码并对准扫码口，核验后即可打印您的证明文件。</source>
        <translation>Open the Yue Sheng Shi app and hold your Yue Sheng Shi code up to the scanner. Once you are verified, you can print your certificates.</translation>
    </message>
</context>
<context>
    <name>kiosk::ui::StepperBar</name>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>当前步骤</source>
        <translation>Current step</translation>
    </message>
    <message>
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>第 %1 步，共 %2 步：%3</source>
        <translation>Step %1 of %2: %3</translation>
    </message>
</context>
</TS>
